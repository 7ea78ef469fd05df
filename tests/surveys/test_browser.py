"""A respondent on a phone, with JavaScript switched off: the questionnaire fits the screen, says what
is missing and keeps the answers, then accepts them (issue 6 «Done when»)."""

import os

import pytest
from django.db import connections

from surveys.models import Response
from tests.surveys.factories import make_survey

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone_page(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("нужен Chromium: /usr/bin/chromium (пакет Debian chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(
            viewport=PHONE, java_script_enabled=False, locale="ru-RU", is_mobile=True
        )
        yield context.new_page()
        # Django queries made while Playwright's event loop runs get their own connection; close it,
        # or PostgreSQL cannot drop the test database at the end.
        connections.close_all()
        context.close()
        browser.close()


@pytest.mark.browser
def test_a_respondent_answers_on_a_phone_without_javascript(live_server, world, phone_page, settings):
    settings.SURVEY_FORM_MIN_SECONDS = 0  # a robot's fingers are quicker than the human-speed check
    survey = make_survey(world)
    page = phone_page
    page.goto(f"{live_server.url}/s/{survey.token}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.get_by_text("Удовлетворены ли Вы в целом работой процесса?").is_visible()
    # Tap targets of the scale are at least as tall as a finger needs (≈ 44 CSS px).
    height = page.locator("label[for='id_satisfaction_0']").bounding_box()["height"]
    assert height >= 44

    page.locator("label[for='id_satisfaction_3']").click()  # «Да»
    page.locator("label[for='id_duration_1']").click()  # «Скорее нет», no comment yet
    page.select_option("#id_department", str(world.department.pk))
    page.get_by_role("button", name="Отправить ответы").click()
    assert page.get_by_text("Анкета не отправлена").is_visible()
    assert page.get_by_text("вопрос 2: выберите ответ").is_visible()
    assert page.get_by_text("вопрос 3: нужен комментарий").is_visible()
    assert page.locator("#id_satisfaction_3").is_checked() and page.locator("#id_duration_1").is_checked()

    for code in ("simplicity", "documentation", "support"):
        page.locator(f"label[for='id_{code}_2']").click()
    page.fill("#id_comment_duration", "Ответ готовят три недели")
    page.get_by_role("button", name="Отправить ответы").click()
    assert page.get_by_text("Спасибо! Ваши ответы получены.").is_visible()
    response = Response.objects.get(survey=survey)
    assert (response.satisfaction, response.simplicity, response.duration) == (4, 3, 2)
    assert response.organisation == world.department.name
