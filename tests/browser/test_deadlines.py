"""Statutory clocks in the browser across holidays (issue 11, item 3; DESIGN §5).

The test clock moves «today» for the live server too (it runs in this process). The coordinator's
inbox and the project page count working days of the production calendar, not calendar days; the
daily reminder scan (`manage.py send_reminders`) writes the in-app notifications the person then
reads at /notifications/, each once, and escalates an overdue clock of the coordinator to the
authorised body and the mayor's office (Положение п.14, 19)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from projects import planning
from projects.forms import ActivityForm
from tests.factories import World, advance, make_project
from workdays import clock

from .helpers import deadline_alert, login, logout, nav

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CARD = "Рассмотрение карточки координатором"
PLAN = "Согласование плана координатором"


def scan(day: dt.date) -> str:
    """The daily reminder scan, as cron runs it on the server that day."""
    clock.set_today(day)
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def inbox_row(page, title: str):
    nav(page, "Входящие")
    row = page.get_by_role("row").filter(has_text=title)
    expect(row).to_have_count(1)
    return row


def reminders(page, project):
    """The reminders about the project's clocks in the person's list of notifications (the
    notifications of events — «Требуется ваше действие» — are left aside)."""
    menu = page.get_by_role("navigation", name="Главное меню")
    menu.get_by_role("link", name=re.compile("^Уведомления")).click()
    expect(page.get_by_role("heading", name="Уведомления", exact=True)).to_be_visible()
    return (
        page.locator("main .list-group-item")
        .filter(has_text=project.number)
        .filter(has_not=page.locator(".badge", has_text="Требуется ваше действие"))
    )


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def card_in_review(world):
    """A card sent to the coordinator on Wednesday 29.10.2025: his 10 working days (п.14) run over
    Saturday 1 November (a working day by the government's transfer) and the holidays of 2–4
    November, so they end on 13.11.2025, not on 12.11 as a count without the transfer would say."""
    with clock.frozen_today(dt.date(2025, 10, 29)):
        project = make_project(world, title="Выдача справок о составе семьи")
        return advance(project, world, "card_review")


def test_card_review_counts_working_days_across_the_november_holidays(world, card_in_review, ui):
    """Положение п.14: «осталось N рабочих дней» in the inbox and on the project page, the marks of
    a clock that is close and overdue, and the reminders of the chain 3–2–1–today–overdue."""
    project, title = card_in_review, card_in_review.title
    page = ui.new_page()

    with ui.step("пятница 31.10.2025: восемь рабочих дней"):
        clock.set_today(dt.date(2025, 10, 31))
        login(page, ui.base_url, "coord")
        row = inbox_row(page, title)
        expect(row).to_contain_text("29.10.2025")
        expect(row).to_contain_text("13.11.2025")
        expect(row.locator("td.deadline-ok")).to_have_text("осталось 8 рабочих дней")
        assert "новых напоминаний 0" in scan(dt.date(2025, 10, 31))

    with ui.step("суббота 01.11.2025 — рабочий день по переносу"):
        clock.set_today(dt.date(2025, 11, 1))
        expect(inbox_row(page, title)).to_contain_text("осталось 7 рабочих дней")

    with ui.step("вторник 04.11.2025 — праздник: срок не идёт, напоминаний нет"):
        clock.set_today(dt.date(2025, 11, 4))
        expect(inbox_row(page, title)).to_contain_text("осталось 7 рабочих дней")
        assert "04.11.2025 — нерабочий день: напоминания не рассылаются." in scan(dt.date(2025, 11, 4))
        expect(reminders(page, project)).to_have_count(0)

    with ui.step("понедельник 10.11.2025: напоминание за три рабочих дня"):
        scan(dt.date(2025, 11, 10))
        page.goto(ui.url(project.get_absolute_url()))
        alert = deadline_alert(page, CARD)
        expect(alert).to_contain_text("срок 13.11.2025 — осталось 3 рабочих дня")
        expect(alert).to_have_class(re.compile(r"\balert-info\b"))
        items = reminders(page, project)
        expect(items).to_have_count(1)
        expect(items).to_contain_text(f"Осталось 3 рабочих дня: {CARD} — проект {project.number}")
        expect(items).to_contain_text("Срок: 13.11.2025 — осталось 3 рабочих дня (Положение п.14)")

    with ui.step("среда 12.11.2025: остался один рабочий день"):
        scan(dt.date(2025, 11, 11))
        scan(dt.date(2025, 11, 12))
        row = inbox_row(page, title)
        expect(row.locator("td.deadline-soon")).to_have_text("остался 1 рабочий день")
        page.goto(ui.url(project.get_absolute_url()))
        expect(deadline_alert(page, CARD)).to_have_class(re.compile(r"\balert-warning\b"))
        items = reminders(page, project)
        expect(items).to_have_count(3)
        expect(items.first).to_contain_text(f"Остался 1 рабочий день: {CARD}")  # the newest first
        expect(items.nth(1)).to_contain_text(f"Осталось 2 рабочих дня: {CARD}")

    with ui.step("четверг 13.11.2025: срок сегодня"):
        scan(dt.date(2025, 11, 13))
        expect(inbox_row(page, title).locator("td.deadline-soon")).to_have_text("срок сегодня")
        items = reminders(page, project)
        expect(items.first).to_contain_text(f"Срок сегодня: {CARD}")
        expect(items.first.locator(".badge")).to_have_text("Срок сегодня")
        logout(page)

    with ui.step("пятница 14.11.2025: срок нарушен, эскалация"):
        scan(dt.date(2025, 11, 14))
        assert "новых напоминаний 0" in scan(dt.date(2025, 11, 14))  # a second run sends nothing twice
        login(page, ui.base_url, "coord")
        expect(inbox_row(page, title).locator("td.deadline-overdue")).to_have_text(
            "просрочено на 1 рабочий день"
        )
        nav(page, "Главная")
        overdue = page.get_by_role("listitem").filter(has_text=f"{project.number} {CARD}")
        expect(overdue.locator(".deadline-overdue")).to_have_text("просрочено на 1 рабочий день")
        page.goto(ui.url(project.get_absolute_url()))
        alert = deadline_alert(page, CARD)
        expect(alert).to_contain_text("срок 13.11.2025 — просрочено на 1 рабочий день")
        expect(alert).to_have_class(re.compile(r"\balert-danger\b"))
        items = reminders(page, project)
        expect(items).to_have_count(5)
        expect(items.first).to_contain_text(f"Просрочено на 1 рабочий день: {CARD}")
        expect(items.first.locator(".badge")).to_have_text("Срок нарушен")
        logout(page)

        # п.14 is the coordinator's own clock: the authorised body and the mayor's office are told
        for username in ("authority", "mayor"):
            login(page, ui.base_url, username)
            items = reminders(page, project)
            expect(items).to_have_count(1)
            expect(items).to_contain_text(f"Нарушен срок (просрочено на 1 рабочий день): {CARD}")
            expect(items).to_contain_text(
                f"Срок нарушил координатор направления — {world.coordinator.surname_initials}"
            )
            expect(items.locator(".badge")).to_have_text("Эскалация: срок нарушен")
            logout(page)


@pytest.fixture
def plan_in_review(world):
    """A plan sent to the coordinator on Monday 29.12.2025: his 3 working days (п.19) are 30.12,
    then — after 31 December and the New Year holidays of 1–11 January — 12 and 13 January."""
    with clock.frozen_today(dt.date(2025, 12, 29)):
        project = advance(make_project(world, title="Запись в кружки через портал"), world, "plan_drafting")
        revision = planning.plan_start(project=project, by=world.lead)
        problems = planning.current_map_problems(project)
        form = ActivityForm(
            {
                "title": "Принимать заявления через портал",
                "problems": [p.pk for p in problems],
                "root_cause": "Заявления принимают только на бумаге",
                "responsible": world.member.pk,
                "deadline": (project.implementation_start + dt.timedelta(days=20)).isoformat(),
                "expected_result": "Заявитель не приходит лично",
            },
            project=project,
            problems=problems,
        )
        assert form.is_valid(), form.errors
        planning.activity_save(revision=revision, by=world.lead, form=form)
        return advance(project, world, "plan_review")


def test_plan_review_waits_through_the_new_year_holidays(world, plan_in_review, ui):
    """Положение п.19: three working days that last fifteen calendar days."""
    project, title = plan_in_review, plan_in_review.title
    page = ui.new_page()

    with ui.step("вторник 30.12.2025"):
        clock.set_today(dt.date(2025, 12, 30))
        login(page, ui.base_url, "coord")
        row = inbox_row(page, title)
        expect(row).to_contain_text(PLAN)
        expect(row).to_contain_text("13.01.2026")
        expect(row.locator("td.deadline-soon")).to_have_text("осталось 2 рабочих дня")

    with ui.step("пятница 09.01.2026 — праздник"):
        clock.set_today(dt.date(2026, 1, 9))
        expect(inbox_row(page, title).locator("td.deadline-soon")).to_have_text("осталось 2 рабочих дня")
        assert "09.01.2026 — нерабочий день" in scan(dt.date(2026, 1, 9))
        expect(reminders(page, project)).to_have_count(0)

    with ui.step("понедельник 12.01.2026: первый рабочий день года"):
        scan(dt.date(2026, 1, 12))
        expect(inbox_row(page, title).locator("td.deadline-soon")).to_have_text("остался 1 рабочий день")
        items = reminders(page, project)
        expect(items).to_have_count(1)
        expect(items).to_contain_text(f"Остался 1 рабочий день: {PLAN} — проект {project.number}")
        expect(items).to_contain_text("Срок: 13.01.2026 — остался 1 рабочий день (Положение п.19)")
        page.goto(ui.url(project.get_absolute_url()))
        expect(deadline_alert(page, PLAN)).to_contain_text("срок 13.01.2026 — остался 1 рабочий день")
        logout(page)
