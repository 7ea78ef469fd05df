"""axe-core and the office screen (issue 21): the landing page of every demo role and the main pages
of a project have no serious or critical axe-core violation (labels, heading order, contrast,
landmarks, link names), nothing on a landing page is wider than a 1366×768 screen, and a card of the
kanban board moves with the keyboard alone.

The pages are the demo's (`manage.py load_demo`): the data people see when they try the product,
built on a frozen «today» so that its clocks, weeks and overdue marks are the same at any hour."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from org.demo import DEMO_PASSWORD
from projects.models import Project
from workdays import clock

from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2026, 6, 10)  # a Wednesday: the demo's clocks run from here at any hour of the run
SERIOUS = ("serious", "critical")

# The seven demo roles (org.demo.DEMO_LOGINS): who lands where and what the landing page says first.
ROLES = {
    "lead": "Руководитель проекта",
    "team": "Член команды",
    "coordinator": "Координатор",
    "mayor": "Мэр",
    "mayor_office": "Аппарат Мэра",
    "authority": "Уполномоченный орган",
    "observer": "Наблюдатель",
}
IMPLEMENTATION = "Оптимизация процесса назначения ежемесячной денежной выплаты многодетным семьям"
CLOSED = "Выдача справок о составе семьи в ОСПН"


@pytest.fixture
def demo(db):
    """The demo municipality and its projects, as `scripts/demo.sh` loads them, on a frozen day."""
    clock.set_today(TODAY)
    call_command("load_demo", stdout=io.StringIO())
    return {
        "implementation": Project.objects.get(title=IMPLEMENTATION).pk,
        "closed": Project.objects.get(title=CLOSED, status="closed").pk,
    }


def axe_problems(page) -> list[str]:
    """The serious and critical violations axe-core finds on the page, one line per element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    problems = []
    for violation in results.response["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        for node in violation["nodes"]:
            problems.append(
                f"{violation['id']} ({violation['impact']}): {' '.join(map(str, node['target']))} — "
                f"{node.get('failureSummary', '').splitlines()[-1].strip()}"
            )
    return problems


OVERFLOW_JS = """
() => {
  const width = window.innerWidth;
  const scrolled = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === 'auto' || x === 'scroll') return true;
    }
    return false;
  };
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right <= width + 1 && r.left >= -1) continue;
    if (scrolled(el)) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.classList.length ? '.' + Array.from(el.classList).join('.') : '');
    offenders.push(`${name} [${Math.round(r.left)}…${Math.round(r.right)}]`);
  }
  // A table wider than its card spills over the card's edge (columns cut or drawn over the
  // neighbour) even when the page still fits: it must wrap, or scroll inside its own box.
  for (const table of document.querySelectorAll('main table')) {
    const box = table.parentElement.closest('.card-body, .card, main');
    const r = table.getBoundingClientRect();
    if (!box || r.width === 0 || scrolled(table)) continue;
    const b = box.getBoundingClientRect();
    if (r.right > b.right + 1) {
      const caption = (box.querySelector('h2, h3, caption') || {}).textContent || '';
      offenders.push(`table «${caption.trim()}» шире своей карточки [${Math.round(r.right)} > ${Math.round(b.right)}]`);
    }
  }
  return {fits: document.documentElement.scrollWidth <= width, width: width,
          scrollWidth: document.documentElement.scrollWidth, offenders: offenders.slice(0, 15)};
}
"""


def report(failures: dict[str, list[str]]) -> str:
    return "\n".join(f"{name}:\n  " + "\n  ".join(problems) for name, problems in failures.items())


def overflow(page) -> dict:
    """Whether the page fits the screen's width, and the elements that stick out of it (those
    inside a container that scrolls or clips sideways do not count: the table scrolls, not the page)."""
    return page.evaluate(OVERFLOW_JS)


def test_landing_pages_have_no_serious_axe_violations_and_fit_the_office_screen(demo, ui):
    """Each demo role logs in and lands on its page: axe-core finds nothing serious and nothing is
    wider than 1366 px. Every role is checked; the failures name the role, its screenshot is kept."""
    failures = {}
    for who in ROLES:
        with ui.step(who):
            page = ui.new_page()
            login(page, ui.base_url, who, password=DEMO_PASSWORD)
            page.goto(ui.url("/"))
            expect(page.locator("main")).to_be_visible()
            page.wait_for_load_state("networkidle")
            problems = axe_problems(page)
            fit = overflow(page)
            if not fit["fits"] or fit["offenders"]:
                problems.append(f"шире экрана ({fit['scrollWidth']} > {fit['width']}): {fit['offenders']}")
            if problems:
                failures[who] = problems
                ui.snapshot(page, who)
    assert not failures, report(failures)


def _project_pages(demo) -> dict[str, str]:
    pk, closed = demo["implementation"], demo["closed"]
    return {
        "project": f"/projects/{pk}/",
        "card": f"/projects/{pk}/card/block1/",
        "map-current": f"/projects/{pk}/maps/current/",
        "map-target": f"/projects/{pk}/maps/target/",
        "problems": f"/projects/{pk}/problems/",
        "plan": f"/projects/{pk}/plan/",
        "board": f"/projects/{pk}/board/",
        "report": f"/projects/{closed}/results/",
        "project-closed": f"/projects/{closed}/",
    }


def test_project_pages_have_no_serious_axe_violations(demo, ui):
    """The lead opens the main pages of his project in implementation and of his closed one."""
    page = ui.new_page()
    login(page, ui.base_url, "lead", password=DEMO_PASSWORD)
    failures = {}
    for name, path in _project_pages(demo).items():
        with ui.step(name):
            page.goto(ui.url(path))
            expect(page.locator("main")).to_be_visible()
            page.wait_for_load_state("networkidle")
            problems = axe_problems(page)
            fit = overflow(page)
            if not fit["fits"] or fit["offenders"]:
                problems.append(f"шире экрана ({fit['scrollWidth']} > {fit['width']}): {fit['offenders']}")
            if problems:
                failures[name] = problems
                ui.snapshot(page, name)
    assert not failures, report(failures)


# --- The kanban board by keyboard -----------------------------------------------------------------

DOING_BUTTON = "el => el.tagName === 'BUTTON' && el.textContent.trim().startsWith('Делаем')"


def test_kanban_card_moves_by_keyboard_only(demo, ui):
    """Положение п.21: a card of the board is taken into work and marked done with Tab, Enter and
    the keys a person types, no mouse; after each move the keyboard is back at the card it moved."""
    from .helpers import tab_to

    page = ui.new_page()
    login(page, ui.base_url, "lead", password=DEMO_PASSWORD)
    page.goto(ui.url(f"/projects/{demo['implementation']}/board/"))
    with ui.step("взять мероприятие в работу"):
        tab_to(page, DOING_BUTTON, limit=400)
        card = page.evaluate("document.activeElement.closest('article').id")
        page.keyboard.press("Enter")
        moved = page.locator(f"article#{card}")
        expect(moved.get_by_role("button", name="В поручения")).to_be_visible()
        expect(moved.get_by_role("button", name="Делаем")).to_have_count(0)
        assert page.evaluate("location.hash") == f"#{card}"

    with ui.step("отметить выполненным"):
        tab_to(page, f"el => el.tagName === 'SUMMARY' && el.closest('article').id === {card!r}", limit=20)
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "date"  # today's date stands in it
        tab_to(page, "el => el.tagName === 'TEXTAREA'", limit=6)  # Tab walks the date's day, month, year
        page.keyboard.type("Регламент утверждён приказом")
        tab_to(page, "el => el.tagName === 'BUTTON' && el.textContent.trim() === 'Сделано'", limit=6)
        page.keyboard.press("Enter")
        expect(page.locator(f"section[aria-labelledby=col-done] article#{card}")).to_contain_text(
            "Регламент утверждён приказом"
        )
