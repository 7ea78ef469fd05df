"""The reminder chain on the production calendar: which due dates are reminded on a day, counted
exactly as the pages count «осталось N рабочих дней» (Положение п.14–24; DOMAIN «Production calendar»)."""

import datetime as dt

import pytest

from notifications.choices import Kind
from notifications.sources import Slot, coming_days, reminder_slots
from workdays.services import is_working_day, working_days_between

from .conftest import scan, submitted

D = dt.date
pytestmark = pytest.mark.django_db


def test_working_saturday_and_november_holidays():
    # Saturday 01.11.2025 is a working day; 02.11 (Sunday), 03.11 and 04.11 are off (decree No. 1335).
    slots = reminder_slots(D(2025, 10, 30))
    assert slots[D(2025, 10, 30)] == Slot(Kind.DUE, 0)
    assert slots[D(2025, 10, 31)] == Slot(Kind.COMING, 1)
    assert slots[D(2025, 11, 5)] == Slot(Kind.COMING, 3)
    assert D(2025, 11, 1) not in slots  # 2 working days left: not a reminder day

    on_saturday = reminder_slots(D(2025, 11, 1))
    for day_off in (D(2025, 11, 1), D(2025, 11, 2), D(2025, 11, 3), D(2025, 11, 4)):
        assert on_saturday[day_off] == Slot(Kind.DUE, 0)  # due on a day off: the last working day before
    assert on_saturday[D(2025, 11, 5)] == Slot(Kind.COMING, 1)


def test_overdue_first_day_then_every_n_working_days():
    slots = reminder_slots(D(2025, 11, 14), earliest=D(2025, 10, 1), every=5)
    overdue = sorted((d, s.days) for d, s in slots.items() if s.kind == Kind.OVERDUE)
    assert overdue[-1] == (D(2025, 11, 13), -1)
    assert (D(2025, 11, 6), -6) in overdue  # 07, 10, 11, 12, 13 and 14.11: six working days
    assert (D(2025, 11, 7), -5) not in overdue
    assert all((-days - 1) % 5 == 0 for _d, days in overdue)


@pytest.mark.parametrize("year", [2025, 2026])
def test_slots_agree_with_the_day_count_of_the_pages(year):
    """Every working day of the year: a date is in the map exactly when its working-day count is a
    reminder count, and with that count (the same as `Deadline.days_left`)."""
    day = D(year, 1, 1)
    while day.year == year:
        if is_working_day(day):
            earliest = day - dt.timedelta(days=40)
            slots = reminder_slots(day, earliest=earliest, coming=(3, 1), every=5)
            for offset in range(-40, 15):
                d = day + dt.timedelta(days=offset)
                if d < earliest:
                    continue
                left = working_days_between(day, d)
                wanted = (
                    (left == 0 and d >= day)
                    or left in (3, 1)
                    or (d < day and left < 0 and (-left - 1) % 5 == 0)
                )
                assert (d in slots) == wanted, (day, d, left)
                if wanted:
                    assert slots[d].days == left, (day, d)
        day += dt.timedelta(days=7 if day.month % 2 else 3)


def test_coming_days_from_settings(settings):
    settings.REMINDER_COMING_DAYS = "3,2,1"
    assert coming_days() == (3, 2, 1)
    settings.REMINDER_COMING_DAYS = [5, 0, 1]
    assert coming_days() == (5, 1)


def test_done_when_card_submitted_8_working_days_ago(world, mailoutbox, settings):
    """Issue 9 «Done when»: with reminders 3, 2 and 1 working days before the due date, a card
    submitted 8 working days ago reminds the coordinator «осталось 2 рабочих дня» (п.14)."""
    from django.conf import settings as live

    from leanproj.settings import base

    assert base.REMINDER_COMING_DAYS == [3, 2, 1]  # the shipped default
    settings.REMINDER_COMING_DAYS = base.REMINDER_COMING_DAYS
    assert live.REMINDER_COMING_DAYS == [3, 2, 1]
    submitted(world, D(2026, 3, 2))  # due 17.03.2026: Monday 09.03 is off (8 March on a Sunday)
    scan(D(2026, 3, 13))  # 8 working days later
    (mail,) = mailoutbox
    assert mail.to == [world.coordinator.email]
    assert "17.03.2026 — осталось 2 рабочих дня" in mail.body
