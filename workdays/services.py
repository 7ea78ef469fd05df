"""Working-day arithmetic for every statutory clock (Положение п.14, 16, 17, 19, 20, 24).

A period «in N working days after an event» starts the day after the event (like ГК РФ ст.191),
so `add_working_days(event, N)` is the N-th working day after the event and is always a working
day; `working_days_between(a, b)` counts the working days in (a, b], so that
`working_days_between(d, add_working_days(d, N)) == N`.

The calendar is read from the database once and kept in the process for a minute; every change
through the models clears it at once in this process (signals)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import transaction

from .data import SHIPPED_YEARS, WORKING_WEEKEND
from .models import CalendarYear, NonWorkingDay, WorkingWeekendDay

ONE_DAY = dt.timedelta(days=1)
CACHE_SECONDS = 60


@dataclass(frozen=True)
class _Calendar:
    non_working: frozenset[dt.date]
    working_weekends: frozenset[dt.date]
    years: dict[int, bool] = field(default_factory=dict)  # year -> confirmed
    loaded_at: float = 0.0


_lock = threading.Lock()
_calendar: _Calendar | None = None


def _load() -> _Calendar:
    global _calendar
    current = _calendar
    if current is not None and time.monotonic() - current.loaded_at < CACHE_SECONDS:
        return current
    with _lock:
        current = _Calendar(
            non_working=frozenset(NonWorkingDay.objects.values_list("date", flat=True)),
            working_weekends=frozenset(WorkingWeekendDay.objects.values_list("date", flat=True)),
            years=dict(CalendarYear.objects.values_list("year", "confirmed")),
            loaded_at=time.monotonic(),
        )
        _calendar = current
    return current


def clear_cache() -> None:
    global _calendar
    _calendar = None


# ТК РФ ст.112 ч.1 абз.2–3: the New Year holidays (1–6 January) and 8 January are not moved to
# the next working day when they fall on a weekend: the Government redistributes them by decree.
_NOT_MOVED_BY_ART_112 = {(1, d) for d in (1, 2, 3, 4, 5, 6, 8)}


def labour_code_transfers(holiday_dates: set[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """ТК РФ ст.112 ч.2: a holiday that falls on a Saturday or Sunday moves the day off to the next
    working day after the holiday(s) — e.g. Saturday 04.11.2028 makes Monday 06.11.2028 a day off.
    Returns (day off, holiday it replaces) pairs; used for a year with no decree of its own."""
    taken = set(holiday_dates)
    moved = []
    for holiday in sorted(holiday_dates):
        if holiday.weekday() < 5 or (holiday.month, holiday.day) in _NOT_MOVED_BY_ART_112:
            continue
        day = holiday + ONE_DAY
        while day.weekday() >= 5 or day in taken:
            day += ONE_DAY
        taken.add(day)
        moved.append((day, holiday))
    return moved


def _package_has_decree(calendar) -> bool:
    """Whether the `holidays` package carries the Government's transfers for the year (it names
    the moved days «перенесено» / «(выходной)» and lists the working weekend days)."""
    names = " ".join(str(n) for n in calendar.values()).lower()
    return bool(calendar.weekend_workdays) or "перенес" in names or "(выходной)" in names


def _package_year(year: int) -> tuple[list[tuple[dt.date, str]], list[tuple[dt.date, str]]]:
    """Non-working days and working weekend days of a year from the `holidays` package; for a year
    the package knows no decree for, the weekend holidays are moved by ТК РФ ст.112."""
    import holidays

    calendar = holidays.RU(years=year, language="ru")
    non_working = sorted((d, str(n)) for d, n in calendar.items() if d.year == year)
    weekends = sorted((d, WORKING_WEEKEND) for d in calendar.weekend_workdays if d.year == year)
    if not _package_has_decree(calendar):
        for day, holiday in labour_code_transfers({d for d, _n in non_working}):
            if day.year == year:
                non_working.append((day, f"Выходной (перенесено с {holiday:%d.%m.%Y}, ТК РФ ст.112)"))
        non_working.sort()
    return non_working, weekends


@lru_cache(maxsize=64)
def _statutory_holidays(year: int) -> frozenset[dt.date]:
    """For a year the database does not hold: ТК РФ ст.112 holidays as the `holidays` package
    computes them, with the weekend shifts of ст.112 where no decree is known. Dates in such a year
    are flagged as unconfirmed."""
    return frozenset(d for d, _n in _package_year(year)[0])


def is_working_day(day: dt.date) -> bool:
    cal = _load()
    if day.year in cal.years:
        if day in cal.working_weekends:
            return True
        return day.weekday() < 5 and day not in cal.non_working
    return day.weekday() < 5 and day not in _statutory_holidays(day.year)


def is_unconfirmed(day: dt.date) -> bool:
    """True when the date falls in a year without a confirmed calendar (no decree yet)."""
    return not _load().years.get(day.year, False)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (before it, for a negative count). With 0: `start`
    itself if it is a working day, otherwise the next working day."""
    if days == 0:
        day = start
        while not is_working_day(day):
            day += ONE_DAY
        return day
    step = ONE_DAY if days > 0 else -ONE_DAY
    remaining = abs(days)
    day = start
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end == start:
        return 0
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count = 0
    day = start + ONE_DAY
    while day <= end:
        if is_working_day(day):
            count += 1
        day += ONE_DAY
    return sign * count


class CalendarError(Exception):
    """A calendar operation refused with a message for the administrator."""


@transaction.atomic
def calendar_year_seed(
    *,
    year: int,
    replace: bool = False,
    confirmed: bool | None = None,
    decree: str = "",
    decree_number: str = "",
    decree_date: dt.date | None = None,
) -> CalendarYear:
    """Load one year: the shipped data for 2025–2027, the `holidays` package (RU, with the
    government's transfers) for any other year. A year already loaded is refused unless `replace`."""
    import holidays

    existing = CalendarYear.objects.filter(year=year).first()
    if existing and not replace:
        raise CalendarError(
            f"Год {year} уже загружен в календарь; используйте --replace, чтобы загрузить его заново."
        )
    if existing:
        existing.delete()

    shipped = SHIPPED_YEARS.get(year)
    decree_number = decree_number.strip()
    if shipped:
        non_working = [(dt.date.fromisoformat(d), n) for d, n in shipped["non_working"]]
        weekends = [(dt.date.fromisoformat(d), n) for d, n in shipped["working_weekends"]]
        decree = decree or shipped["decree"]
        decree_number = decree_number or shipped["decree_number"]
        decree_date = decree_date or (
            dt.date.fromisoformat(shipped["decree_date"]) if shipped["decree_date"] else None
        )
        source = "leanproj (сверено с пакетом holidays)"
    else:
        non_working, weekends = _package_year(year)
        source = f"пакет holidays {holidays.__version__}"
    # A year is confirmed only by a decree named by number and date (issue 19.8); a year computed
    # by the package stays provisional until somebody checks it against the decree.
    named = bool(decree_number and decree_date)
    if confirmed and not named:
        raise CalendarError(
            f"Год {year} подтверждается постановлением о переносе выходных дней: укажите его номер и дату."
        )
    is_confirmed = named if confirmed is None and shipped else bool(confirmed)

    record = CalendarYear.objects.create(
        year=year,
        decree=decree,
        decree_number=decree_number,
        decree_date=decree_date,
        confirmed=is_confirmed,
        source=source,
    )
    NonWorkingDay.objects.bulk_create(
        NonWorkingDay(calendar_year=record, date=d, name=n) for d, n in non_working
    )
    WorkingWeekendDay.objects.bulk_create(
        WorkingWeekendDay(calendar_year=record, date=d, name=n) for d, n in weekends
    )
    clear_cache()
    # The year's post_save tells the apps above once the transaction commits (signals.py).
    transaction.on_commit(clear_cache)
    return record
