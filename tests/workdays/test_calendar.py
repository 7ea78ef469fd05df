"""The production calendar and working-day arithmetic behind every statutory clock
(Положение п.14, 16, 17, 19, 20, 24)."""

import datetime as dt

import holidays
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

from workdays import services
from workdays.data import SHIPPED_YEARS
from workdays.models import CalendarYear, NonWorkingDay, WorkingWeekendDay

D = dt.date

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 11, 1), True),  # Saturday made a working day by decree No. 1335
        (D(2025, 11, 3), False),  # the day off moved from 1 November
        (D(2025, 11, 4), False),  # Day of National Unity
        (D(2025, 12, 31), False),  # moved from 5 January
        (D(2025, 5, 2), False),
        (D(2025, 5, 8), False),
        (D(2025, 6, 13), False),
        (D(2025, 12, 30), True),
        (D(2026, 1, 12), True),
        (D(2026, 3, 9), False),  # 8 March fell on a Sunday
        (D(2026, 5, 11), False),
        (D(2026, 12, 31), False),
        (D(2027, 2, 20), True),  # working Saturday of 2027
        (D(2027, 2, 22), False),
    ],
)
def test_known_calendar_facts(day, working):
    assert services.is_working_day(day) is working


def test_new_year_holidays_2026_are_1_to_11_january():
    for d in range(1, 12):
        assert not services.is_working_day(D(2026, 1, d)), d
    assert services.is_working_day(D(2026, 1, 12))


def test_adding_three_working_days_reaches_the_working_saturday():
    assert services.add_working_days(D(2025, 10, 29), 3) == D(2025, 11, 1)
    # and the next one skips the moved day off and the holiday
    assert services.add_working_days(D(2025, 10, 29), 4) == D(2025, 11, 5)


def test_coordinator_ten_working_days_across_new_year():  # Положение п.14
    # submitted on 25.12.2025: 26, 29, 30 December; 31.12 and 1–11 January are off;
    # then 12–16 and 19–20 January
    assert services.add_working_days(D(2025, 12, 25), 10) == D(2026, 1, 20)


def test_period_starts_the_day_after_the_event():
    monday = D(2025, 9, 1)
    assert services.add_working_days(monday, 1) == D(2025, 9, 2)
    assert services.working_days_between(monday, monday) == 0


def test_counting_backwards_and_zero():
    assert services.add_working_days(D(2025, 11, 5), -1) == D(2025, 11, 1)
    assert services.add_working_days(D(2025, 11, 5), -2) == D(2025, 10, 31)
    assert services.add_working_days(D(2025, 11, 3), 0) == D(2025, 11, 5)
    assert services.working_days_between(D(2025, 11, 5), D(2025, 10, 29)) == -4


def test_shipped_years_agree_with_the_holidays_package():
    for year, data in SHIPPED_YEARS.items():
        package = holidays.RU(years=year)
        assert {D.fromisoformat(d) for d, _ in data["non_working"]} == set(package.keys()), year
        assert {D.fromisoformat(d) for d, _ in data["working_weekends"]} == {
            d for d in package.weekend_workdays if d.year == year
        }, year


def test_shipped_years_are_seeded_and_confirmed_by_a_named_decree():
    # 2027 ships its transfers but not its decree's number: provisional until it is entered (19.8).
    assert list(CalendarYear.objects.order_by("year").values_list("year", "confirmed")) == [
        (2025, True),
        (2026, True),
        (2027, False),
    ]
    assert "1335" in CalendarYear.objects.get(year=2025).decree
    assert "1466" in CalendarYear.objects.get(year=2026).decree


def test_unconfirmed_years_are_flagged():
    assert not services.is_unconfirmed(D(2026, 6, 1))
    assert services.is_unconfirmed(D(2028, 6, 1))
    CalendarYear.objects.filter(year=2027).update(confirmed=False)
    services.clear_cache()
    assert services.is_unconfirmed(D(2027, 6, 1))


def test_a_year_without_data_falls_back_to_statutory_holidays():
    assert not services.is_working_day(D(2029, 1, 3))
    assert not services.is_working_day(D(2029, 6, 12))
    assert services.is_working_day(D(2029, 6, 13))


def test_seed_command_loads_a_year_from_the_package_unconfirmed(capsys):
    call_command("seed_calendar", "2028")
    year = CalendarYear.objects.get(year=2028)
    assert not year.confirmed
    assert year.non_working_days.filter(date=D(2028, 1, 1)).exists()
    assert "НЕ подтверждён" in capsys.readouterr().out


def test_seed_command_refuses_a_year_seeded_twice():
    with pytest.raises(CommandError, match="уже загружен"):
        call_command("seed_calendar", "2025")
    assert NonWorkingDay.objects.filter(calendar_year__year=2025).count() == 19


def test_a_calendar_edit_takes_effect_at_once():
    day = D(2026, 6, 15)
    assert services.is_working_day(day)
    NonWorkingDay.objects.create(
        calendar_year=CalendarYear.objects.get(year=2026), date=day, name="Местный праздник"
    )
    assert not services.is_working_day(day)


def test_model_refuses_a_date_both_holiday_and_working():
    from django.core.exceptions import ValidationError

    year = CalendarYear.objects.get(year=2025)
    clash = WorkingWeekendDay(calendar_year=year, date=D(2025, 11, 4), name="x")
    with pytest.raises(ValidationError, match="нерабочий"):
        clash.full_clean()
    clash = NonWorkingDay(calendar_year=year, date=D(2025, 11, 1), name="x")
    with pytest.raises(ValidationError, match="рабочий выходной"):
        clash.full_clean()


def test_model_refuses_a_year_twice():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="дважды"):
        CalendarYear(year=2025).full_clean()


# Properties over the shipped years (and a little beyond).
dates = st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 10, 31))
counts = st.integers(min_value=1, max_value=60)


@settings(max_examples=200, deadline=None)
@given(day=dates, n=counts)
def test_result_is_a_working_day_and_counting_back_gives_n(day, n):
    result = services.add_working_days(day, n)
    assert services.is_working_day(result)
    assert result > day
    assert services.working_days_between(day, result) == n


@settings(max_examples=200, deadline=None)
@given(day=dates, n=counts)
def test_adding_more_days_never_gives_an_earlier_date(day, n):
    assert services.add_working_days(day, n + 1) > services.add_working_days(day, n)


class TestWorkdaysCommand:
    def test_prints_the_date_in_iso_form(self, capsys):
        call_command("workdays", "--from", "2025-10-29", "--add", "3")
        assert capsys.readouterr().out.strip() == "2025-11-01"

    def test_counts_between_dates(self, capsys):
        call_command("workdays", "--from", "2025-10-29", "--to", "2025-11-05")
        assert capsys.readouterr().out.strip() == "4"

    @pytest.mark.parametrize(
        "args",
        [
            ["--from", "29.10.2025", "--add", "3"],
            ["--from", "2025-02-30", "--add", "3"],
            ["--from", "2025-10-29", "--add", "-1"],
            ["--from", "2025-10-29", "--add", "три"],
        ],
    )
    def test_bad_input_is_one_line_and_exit_status_2(self, args):
        import subprocess
        import sys

        proc = subprocess.run(
            [sys.executable, "manage.py", "workdays", *args],
            capture_output=True,
            text=True,
            env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "leanproj.settings.test"},
        )
        assert proc.returncode == 2
        assert "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
