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


@lru_cache(maxsize=64)
def _statutory_holidays(year: int) -> frozenset[dt.date]:
    """For a year the database does not hold: ТК РФ ст.112 holidays as the `holidays` package
    computes them (with its weekend shifts). Dates in such a year are flagged as unconfirmed."""
    import holidays

    return frozenset(holidays.RU(years=year).keys())


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
    *, year: int, replace: bool = False, confirmed: bool | None = None, decree: str = ""
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
    if shipped:
        non_working = [(dt.date.fromisoformat(d), n) for d, n in shipped["non_working"]]
        weekends = [(dt.date.fromisoformat(d), n) for d, n in shipped["working_weekends"]]
        decree = decree or shipped["decree"]
        source = "leanproj (сверено с пакетом holidays)"
        is_confirmed = True if confirmed is None else confirmed
    else:
        calendar = holidays.RU(years=year, language="ru")
        non_working = sorted((d, n) for d, n in calendar.items() if d.year == year)
        weekends = sorted((d, WORKING_WEEKEND) for d in calendar.weekend_workdays if d.year == year)
        source = f"пакет holidays {holidays.__version__}"
        # A year computed by the package is provisional until somebody checks it against the decree.
        is_confirmed = bool(confirmed)

    record = CalendarYear.objects.create(year=year, decree=decree, confirmed=is_confirmed, source=source)
    NonWorkingDay.objects.bulk_create(
        NonWorkingDay(calendar_year=record, date=d, name=n) for d, n in non_working
    )
    WorkingWeekendDay.objects.bulk_create(
        WorkingWeekendDay(calendar_year=record, date=d, name=n) for d, n in weekends
    )
    clear_cache()
    transaction.on_commit(clear_cache)
    return record
