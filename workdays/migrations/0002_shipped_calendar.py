"""Ships the production calendar for 2025–2027 (issue: «years 2025–2027 ship seeded»)."""

import datetime as dt

from django.db import migrations


def ship(apps, schema_editor):
    from workdays.data import SHIPPED_YEARS

    CalendarYear = apps.get_model("workdays", "CalendarYear")
    NonWorkingDay = apps.get_model("workdays", "NonWorkingDay")
    WorkingWeekendDay = apps.get_model("workdays", "WorkingWeekendDay")
    for year, data in SHIPPED_YEARS.items():
        if CalendarYear.objects.filter(year=year).exists():
            continue
        record = CalendarYear.objects.create(
            year=year, decree=data["decree"], confirmed=True, source="leanproj (сверено с пакетом holidays)"
        )
        NonWorkingDay.objects.bulk_create(
            NonWorkingDay(calendar_year=record, date=dt.date.fromisoformat(d), name=n) for d, n in data["non_working"]
        )
        WorkingWeekendDay.objects.bulk_create(
            WorkingWeekendDay(calendar_year=record, date=dt.date.fromisoformat(d), name=n)
            for d, n in data["working_weekends"]
        )


def unship(apps, schema_editor):
    from workdays.data import SHIPPED_YEARS

    apps.get_model("workdays", "CalendarYear").objects.filter(year__in=list(SHIPPED_YEARS)).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(ship, unship)]
