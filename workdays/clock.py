"""«Today» for every deadline computation. Tests (and only tests: TEST_CLOCK_ENABLED) may move it,
so that reminders and «осталось N рабочих дней» can be checked across a holiday (issue 11)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.conf import settings
from django.utils import timezone

_frozen: dt.date | None = None


def today() -> dt.date:
    if _frozen is not None and settings.TEST_CLOCK_ENABLED:
        return _frozen
    return timezone.localdate()


def now() -> dt.datetime:
    """The current moment; on a moved clock, the same time of day on the moved date."""
    real = timezone.localtime()
    if _frozen is not None and settings.TEST_CLOCK_ENABLED:
        return real.replace(year=_frozen.year, month=_frozen.month, day=_frozen.day)
    return real


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
