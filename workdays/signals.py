"""The calendar's own signals. Every change of a year or a day clears the cached calendar at once;
after the transaction commits, `calendar_corrected` tells the apps above (projects: recompute the
open statutory clocks, issue 19.8) which years changed — once per transaction, not once per row."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .models import CalendarYear, NonWorkingDay, WorkingWeekendDay
from .services import clear_cache

# kwargs: years (frozenset[int]) — the years whose working days may have changed.
calendar_corrected = Signal()

_pending: set[int] = set()


def calendar_corrected_later(year: int) -> None:
    """Collects the changed years and sends `calendar_corrected` once the transaction commits (at
    once outside a transaction). Every change registers a callback; the first to run sends all the
    years collected and the others find nothing left, so a transaction sends one signal."""
    _pending.add(year)

    def send() -> None:
        years = frozenset(_pending)
        _pending.clear()
        clear_cache()
        if years:
            calendar_corrected.send(sender=CalendarYear, years=years)

    transaction.on_commit(send)


@receiver([post_save, post_delete], sender=CalendarYear)
@receiver([post_save, post_delete], sender=NonWorkingDay)
@receiver([post_save, post_delete], sender=WorkingWeekendDay)
def calendar_changed(sender, instance, raw=False, **kwargs) -> None:
    clear_cache()
    if raw:
        return
    year = instance.year if sender is CalendarYear else getattr(instance.date, "year", None)
    if year:
        calendar_corrected_later(year)
