"""Basic accessibility of the main pages (issue 11, item 5): every form field has a label a screen
reader announces, and the pages work by keyboard alone — logging in, sending the card, returning it
with a comment, logging out."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.factories import World, advance, assess_card, make_project
from tests.surveys.factories import make_survey

from . import builders
from .helpers import expect_status, focused, form_labels, login, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass(frozen=True)
class Screen:
    """A main page: who opens it and how its data comes about."""

    who: str | None  # None: nobody logged in
    path: Callable[[World], str]


def _card(section):
    return lambda w: f"/projects/{make_project(w).pk}/card/{section}/"


def _map(kind, build):
    return lambda w: f"/projects/{build(w).pk}/maps/{kind}/"


# The main pages of issue 11: where people type.
MAIN = {
    "login": Screen(None, lambda w: "/accounts/login/"),
    "survey-public": Screen(None, lambda w: make_survey(w).get_public_path()),
    "project-new": Screen("lead", lambda w: "/projects/new/"),
    **{
        f"card-{section}": Screen("lead", _card(section))
        for section in ("block1", "block2", "block3", "block4", "team", "stakeholders")
    },
    "plan-activity": Screen("lead", lambda w: f"/projects/{builders.with_plan(w).pk}/plan/activities/new/"),
    "meeting": Screen(
        "lead", lambda w: f"/projects/{advance(make_project(w), w, 'current_map').pk}/meetings/new/?kind=team"
    ),
    "report-edit": Screen("lead", lambda w: f"/projects/{builders.in_results(w).pk}/results/edit/"),
    "map-current": Screen("member", _map("current", builders.mapping)),
    "map-target": Screen("member", _map("target", builders.targeting)),
    "project-acts": Screen("coord", lambda w: f"/projects/{advance(make_project(w), w, 'card_review').pk}/"),
    "report-review": Screen("coord", lambda w: f"/projects/{builders.report_sent(w).pk}/results/"),
    "indicators": Screen("member", lambda w: f"/projects/{builders.in_results(w).pk}/indicators/"),
}


@pytest.fixture
def hinted_pages(world):
    return [_card("block1")(world), _map("current", builders.mapping)(world)]


def test_hints_of_the_fields_are_announced(hinted_pages, ui):
    """A field's hint («Коротко, с глагола: …») is read out with the field (aria-describedby)."""
    page = ui.new_page()
    login(page, ui.base_url, "lead")
    dangling = {}
    for path in hinted_pages:
        page.goto(ui.url(path))
        expect(page.locator("main")).to_be_visible()
        dangling[path] = form_labels(page)["dangling_descriptions"]
    assert not any(dangling.values()), dangling


def label_problems(page) -> list[str]:
    result = form_labels(page)
    problems = []
    if not result["fields"]:
        problems.append("на странице нет полей формы")
    if result["unlabelled"]:
        problems.append(f"поля без подписи: {result['unlabelled']}; id дважды: {result['duplicate_ids']}")
    if result["english"]:
        problems.append(f"подписи не по-русски: {result['english']}")
    return problems


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def main_pages(world):
    """Every main page's data, written before the browser starts."""
    return {name: (spec.who, spec.path(world)) for name, spec in MAIN.items()}


def test_every_field_of_the_main_pages_has_a_label(main_pages, ui):
    """Each page is opened by the person who works on it; all pages are checked and every page
    with a problem is named (its screenshot and HTML are kept as evidence)."""
    failures = {}
    user, page = "", None
    for name, (who, path) in main_pages.items():
        with ui.step(name):
            if who != user or page is None:
                page = ui.new_page()  # a person at his own computer; nobody logged in at first
                if who:
                    login(page, ui.base_url, who)
                user = who
            page.goto(ui.url(path))
            expect(page.locator("main")).to_be_visible()
            problems = label_problems(page)
            if problems:
                failures[name] = problems
                ui.snapshot(page, name)
    assert not failures, failures


# --- The keyboard -------------------------------------------------------------------------------

BUTTON = "el => el.tagName === 'BUTTON' && el.textContent.trim().startsWith({text!r})"
LINK = "el => el.tagName === 'A' && el.textContent.includes({text!r})"


def _press_to(page, matches: str, key: str = "Enter") -> None:
    tab_to(page, matches)
    assert has_focus_ring(page), f"фокус не виден: {focused(page)}"
    page.keyboard.press(key)


def has_focus_ring(page) -> bool:
    """The focused element is visibly marked (Bootstrap's focus shadow or an outline)."""
    return page.evaluate(
        """(() => { const s = getComputedStyle(document.activeElement);
            return (s.boxShadow && s.boxShadow !== 'none') || (s.outlineStyle !== 'none' && s.outlineWidth !== '0px'); })()"""
    )


def _keyboard_login(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    tab_to(page, "el => el.id === 'id_username'")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert focused(page) == "id_password"
    page.keyboard.type("pass12345")
    page.keyboard.press("Enter")
    menu = page.get_by_role("navigation", name="Главное меню")
    expect(menu.get_by_role("link", name=re.compile("^Уведомления"))).to_be_visible()
    page.wait_for_load_state()


def _keyboard_logout(page) -> None:
    _press_to(page, "el => el.classList.contains('dropdown-toggle')")
    _press_to(page, BUTTON.format(text="Выйти"))
    expect(page.get_by_role("heading", name="Вход в систему")).to_be_visible()


@pytest.fixture
def drafted(world):
    return make_project(world, title="Справка за один визит")


def test_card_sent_and_returned_by_keyboard_only(world, drafted, ui):
    """Tab, Enter and Space only: the lead logs in, opens the project from «Мои проекты» and sends
    the card (п.13); the coordinator opens it from the inbox, opens the act «Вернуть на доработку»,
    types the comment and confirms it (п.14)."""
    page = ui.new_page()
    with ui.step("руководитель направляет карточку с клавиатуры"):
        _keyboard_login(page, ui.base_url, "lead")
        _press_to(page, LINK.format(text=drafted.title))
        expect(page.get_by_role("heading", name=drafted.title)).to_be_visible()
        _press_to(page, BUTTON.format(text="Подтвердить: направить карточку координатору"), key="Space")
        expect_status(page, "Рассмотрение координатором")
        _keyboard_logout(page)
    # Положение п.14: the coordinator's assessment precedes the decision (its own form is walked in
    # test_lifecycle); here the keyboard path of the return itself
    assess_card(drafted)

    with ui.step("координатор возвращает карточку с клавиатуры"):
        _keyboard_login(page, ui.base_url, "coord")
        _press_to(page, LINK.format(text="Входящие"))
        expect(page.get_by_role("heading", name="Ждут моего решения")).to_be_visible()
        _press_to(page, LINK.format(text=drafted.title))
        expect(page.get_by_role("heading", name=drafted.title)).to_be_visible()
        _press_to(page, "el => el.tagName === 'SUMMARY' && el.textContent.trim() === 'Вернуть на доработку'")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.labels[0].textContent").startswith("Что доработать")
        page.keyboard.type("Уточните границы процесса")
        _press_to(page, BUTTON.format(text="Подтвердить: вернуть на доработку"))
        expect_status(page, "Инициатива (черновик карточки)")
        expect(page.locator(".journal-row").filter(has_text="Уточните границы процесса")).to_be_visible()
        _keyboard_logout(page)


@pytest.fixture
def mapping(world):
    return builders.mapping(world)


def test_map_step_added_by_keyboard_only(world, mapping, ui):
    """The map editor (Прил. 2): a step is chosen, typed and added without the mouse, and the cursor
    waits in the emptied form for the next one."""
    page = ui.new_page()
    _keyboard_login(page, ui.base_url, "member")
    page.goto(ui.url(f"/projects/{mapping.pk}/maps/current/"))
    steps = page.locator("#steps tbody tr")
    before = steps.count()
    tab_to(page, "el => el.id === 'id_step-lane'")
    page.keyboard.press("ArrowDown")  # the first participant
    expect(page.locator("#id_step-lane")).not_to_have_value("")
    page.keyboard.press("Tab")
    assert focused(page) == "id_step-name"
    page.keyboard.type("Проверить комплектность документов")
    tab_to(page, "el => el.id === 'id_step-duration_value'")
    page.keyboard.type("10")
    page.keyboard.press("Enter")
    expect(page.locator("#map-workspace")).to_contain_text("Шаг добавлен.")
    expect(steps).to_have_count(before + 1)
    expect(steps.filter(has_text="Проверить комплектность документов")).to_have_count(1)
    expect(page.locator("#id_step-name")).to_be_focused()
