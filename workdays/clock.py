"""«Today» for every deadline computation. Tests (and only tests: TEST_CLOCK_ENABLED) may move it,
so that reminders and «осталось N рабочих дней» can be checked across a holiday (issue 11)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.conf import settings
from django.utils import timezone

_frozen: dt.date | None = None
_backdated: dt.date | None = None


def _moved() -> dt.date | None:
    if _backdated is not None:
        return _backdated
    if _frozen is not None and settings.TEST_CLOCK_ENABLED:
        return _frozen
    return None


def today() -> dt.date:
    return _moved() or timezone.localdate()


def local_date(moment: dt.datetime) -> dt.date:
    """The municipality's calendar date (TIME_ZONE) of a stored moment. Aware datetimes are kept in
    UTC, so `moment.date()` is the day before in Tomsk from 17:00 UTC to midnight (issue 19.7)."""
    if timezone.is_aware(moment):
        return timezone.localdate(moment)
    return moment.date()


def now() -> dt.datetime:
    """The current moment; on a moved clock, the same time of day on the moved date."""
    real = timezone.localtime()
    moved = _moved()
    if moved is not None:
        return real.replace(year=moved.year, month=moved.month, day=moved.day)
    return real


@contextmanager
def backdated(day: dt.date):
    """Only for `load_demo`: builds demo projects whose events happened on earlier dates, so that the
    demo shows clocks that are really running. Never used by the web or worker processes."""
    global _backdated
    previous = _backdated
    _backdated = day
    try:
        yield day
    finally:
        _backdated = previous


def set_today(day: dt.date | None) -> None:
    global _frozen
    if day is not None and not settings.TEST_CLOCK_ENABLED:
        raise RuntimeError("the test clock is disabled in these settings")
    _frozen = day


@contextmanager
def frozen_today(day: dt.date):
    previous = _frozen
    set_today(day)
    try:
        yield day
    finally:
        set_today(previous)
