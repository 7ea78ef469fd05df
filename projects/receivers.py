"""What the project lifecycle does when the layers below it change."""

from __future__ import annotations

from workdays.signals import calendar_corrected


def connect() -> None:
    calendar_corrected.connect(recompute_on_calendar_correction, dispatch_uid="projects.calendar")


def recompute_on_calendar_correction(sender, years, **kwargs) -> None:
    """Issue 19.8: when the authorised body corrects a year of the production calendar, every open
    statutory clock in that year is counted again (services.deadlines_recompute)."""
    from .services import deadlines_recompute

    deadlines_recompute(years=years)
