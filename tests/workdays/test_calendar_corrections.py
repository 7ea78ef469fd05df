"""Issue 19.8: each year names its decree by number and date; a correction of the calendar moves
every open statutory clock, in the journal and in the notifications; a year without a decree follows
ТК РФ ст.112 (a holiday on a weekend moves the day off to the next working day)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from notifications.models import Notification
from projects import services
from projects.choices import Stage
from tests.factories import assess_card, make_project
from workdays import clock
from workdays.models import CalendarYear, NonWorkingDay
from workdays.services import add_working_days, clear_cache, is_unconfirmed, labour_code_transfers

D = dt.date


@pytest.mark.django_db
def test_tk_112_fallback_2028_11_03_plus_one_working_day_is_07_11():  # ТК РФ ст.112
    assert not CalendarYear.objects.filter(year=2028).exists()
    # Saturday 04.11.2028 is a holiday, so Monday 06.11.2028 is the day off that replaces it.
    assert add_working_days(D(2028, 11, 3), 1) == D(2028, 11, 7)
    assert is_unconfirmed(D(2028, 11, 7))


@pytest.mark.django_db
def test_tk_112_fallback_also_when_the_year_is_loaded_from_the_package():  # ТК РФ ст.112
    call_command("seed_calendar", "2028", stdout=open("/dev/null", "w"))  # noqa: SIM115
    clear_cache()
    day_off = NonWorkingDay.objects.get(date=D(2028, 11, 6))
    assert "04.11.2028" in day_off.name and "ст.112" in day_off.name
    assert add_working_days(D(2028, 11, 3), 1) == D(2028, 11, 7)
    assert not CalendarYear.objects.get(year=2028).confirmed


def test_tk_112_new_year_holidays_are_not_moved_by_the_code():  # ТК РФ ст.112 ч.1 абз.2–3
    # 01.01.2028 and 02.01.2028 fall on a weekend: only the Government's decree moves them.
    moved = dict(labour_code_transfers({D(2028, 1, 1), D(2028, 1, 2), D(2028, 11, 4), D(2028, 1, 7)}))
    assert moved == {D(2028, 11, 6): D(2028, 11, 4)}


@pytest.mark.django_db
def test_shipped_years_name_their_decree_by_number_and_date():
    y2025, y2026, y2027 = (CalendarYear.objects.get(year=y) for y in (2025, 2026, 2027))
    assert (y2025.decree_number, y2025.decree_date) == ("1335", D(2024, 10, 4))
    assert y2025.decree_title == "Постановление Правительства РФ от 04.10.2024 № 1335"
    assert (y2026.decree_number, y2026.decree_date) == ("1466", D(2025, 9, 24))
    assert y2025.confirmed and y2026.confirmed
    # The number of the 2027 decree is not in the shipped data: the year stays provisional.
    assert not y2027.decree_number and not y2027.confirmed
    assert is_unconfirmed(D(2027, 3, 1))


@pytest.mark.django_db
def test_a_year_is_confirmed_only_with_its_decree_number_and_date():
    year = CalendarYear.objects.get(year=2027)
    year.confirmed = True
    with pytest.raises(ValidationError) as refused:
        year.full_clean()
    assert "номер и дату" in str(refused.value.message_dict["decree_number"])
    year.decree_number, year.decree_date = "№ 1234", D(2026, 9, 30)
    year.full_clean()
    assert year.decree_number == "1234"


def _card_in_review(world):
    with clock.frozen_today(D(2026, 12, 7)):
        project = make_project(world)
        services.card_submit(project=project, by=world.lead)
    return project


def test_calendar_correction_recomputes_open_clocks_journal_and_notifies(
    world, django_capture_on_commit_callbacks
):  # Положение п.14; issue 19.8
    project = _card_in_review(world)
    review = project.deadlines.get(stage=Stage.CARD_REVIEW)
    assert review.due_on == D(2026, 12, 21)
    with clock.frozen_today(D(2026, 12, 8)), django_capture_on_commit_callbacks(execute=True):
        NonWorkingDay.objects.create(
            calendar_year=CalendarYear.objects.get(year=2026), date=D(2026, 12, 15), name="Региональный"
        )
    review.refresh_from_db()
    assert review.due_on == D(2026, 12, 22)
    entry = project.journal.get(action="deadline_recomputed")
    assert "21.12.2026 → 22.12.2026" in entry.label and entry.actor is None
    told = Notification.objects.filter(project=project, reminder__source="calendar")
    assert {n.recipient for n in told} >= {world.coordinator, world.lead}
    assert all("21.12.2026" in n.note and "22.12.2026" in n.note for n in told)

    # A second correction that changes nothing writes nothing and tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        NonWorkingDay.objects.filter(date=D(2026, 12, 15)).update(name="Региональный праздник")
        CalendarYear.objects.get(year=2026).save()
    assert project.journal.filter(action="deadline_recomputed").count() == 1


def test_calendar_correction_leaves_closed_clocks_as_judged(world, django_capture_on_commit_callbacks):
    project = _card_in_review(world)
    review = project.deadlines.get(stage=Stage.CARD_REVIEW)
    with clock.frozen_today(D(2026, 12, 10)):
        assess_card(project)
        services.transition_perform(project=project, by=world.coordinator, action="approve_card")
    review.refresh_from_db()
    assert review.done_on == D(2026, 12, 10)
    with django_capture_on_commit_callbacks(execute=True):
        NonWorkingDay.objects.create(
            calendar_year=CalendarYear.objects.get(year=2026), date=D(2026, 12, 15), name="Региональный"
        )
    review.refresh_from_db()
    assert review.due_on == D(2026, 12, 21) and review.outcome == "on_time"
