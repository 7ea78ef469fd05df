from __future__ import annotations

from django.db.models import Count

from . import clock
from .models import CalendarYear, NonWorkingDay


def calendar_overview() -> dict:
    """Which years are loaded, which are confirmed, and the next days off (for the authorised body)."""
    today = clock.today()
    years = list(
        CalendarYear.objects.annotate(
            holidays=Count("non_working_days", distinct=True),
            weekends=Count("working_weekend_days", distinct=True),
        ).order_by("year")
    )
    return {
        "years": years,
        "current_year_loaded": any(y.year == today.year for y in years),
        "next_year_loaded": any(y.year == today.year + 1 for y in years),
        "upcoming": list(NonWorkingDay.objects.filter(date__gte=today).order_by("date")[:5]),
        "today": today,
    }
