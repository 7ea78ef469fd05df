"""The editor in Debian's Chromium (DESIGN §8): with htmx the forms swap only the workspace — the
page is not reloaded, errors appear next to the field — and the same page works with JavaScript
switched off."""

from pathlib import Path

import pytest

from tests.factories import World, advance, make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser(project, monkeypatch):
    """Started after the data is written: Playwright's sync API switches greenlets, and a Django
    connection opened from inside it would outlive the test."""
    if not Path(CHROMIUM).exists():
        pytest.skip("нужен Chromium: /usr/bin/chromium")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass12345")
    page.click("button[type=submit]")


@pytest.fixture
def project(db):
    world = World()
    return advance(make_project(world), world, "current_map")


def test_htmx_editing_without_reloading_the_page(project, live_server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    _login(page, live_server, "lead")
    page.goto(f"{live_server.url}/projects/{project.pk}/maps/current/")
    page.evaluate("window.__notReloaded = true")
    page.get_by_role("button", name="Начать карту").click()
    page.wait_for_selector("#step-add")
    assert page.evaluate("window.__notReloaded") is True
    assert "Карта начата" in page.inner_text("#map-workspace")

    page.select_option("#id_step-lane", label="Заявитель")
    page.fill("#id_step-name", "Подать заявление")
    page.fill("#id_step-duration_value", "-3")
    page.get_by_role("button", name="Добавить шаг").click()
    page.wait_for_selector("#id_step-duration_value_error")
    assert "Длительность должна быть больше нуля." in page.inner_text("#id_step-duration_value_error")
    assert page.input_value("#id_step-name") == "Подать заявление"
    assert page.evaluate("document.activeElement.id") == "id_step-duration_value"

    page.fill("#id_step-duration_value", "20")
    page.get_by_role("button", name="Добавить шаг").click()
    page.wait_for_selector("svg.process-map")
    assert page.evaluate("window.__notReloaded") is True
    assert page.locator("svg.process-map g[data-step='1']").count() == 1
    assert "Шаг добавлен." in page.inner_text("#map-workspace")
    # the cursor waits in the emptied form for the next step: a long map is typed without the mouse
    assert page.evaluate("document.activeElement.id") == "id_step-name"
    assert page.input_value("#id_step-name") == ""


def test_the_page_works_with_javascript_switched_off(project, live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    _login(page, live_server, "member")
    page.goto(f"{live_server.url}/projects/{project.pk}/maps/current/")
    page.get_by_role("button", name="Начать карту").click()
    page.fill("#id_lane-name", "МФЦ")
    page.get_by_role("button", name="Добавить участника").click()
    assert "Участник добавлен." in page.content()
    page.select_option("#id_step-lane", label="МФЦ")
    page.fill("#id_step-name", "Принять документы")
    page.fill("#id_step-duration_value", "15")
    page.get_by_role("button", name="Добавить шаг").click()
    assert page.locator("svg.process-map g[data-step='1']").count() == 1
    context.close()
