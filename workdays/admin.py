import datetime as dt

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from .models import CalendarYear, NonWorkingDay, WorkingWeekendDay


class _ExclusiveDatesFormSet(BaseInlineFormSet):
    """Refuses a date that the other inline of the same page lists too: both inlines are validated
    against the database one by one, so a date typed into both at once needs this page-level check."""

    other_prefix = ""

    def _other_dates(self) -> set[dt.date]:
        dates = set()
        total = self.data.get(f"{self.other_prefix}-TOTAL_FORMS", "0")
        for i in range(int(total) if str(total).isdigit() else 0):
            if self.data.get(f"{self.other_prefix}-{i}-DELETE"):
                continue
            raw = self.data.get(f"{self.other_prefix}-{i}-date", "")
            for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
                try:
                    dates.add(dt.datetime.strptime(raw.strip(), fmt).date())
                    break
                except ValueError:
                    continue
        return dates

    def clean(self) -> None:
        super().clean()
        other = self._other_dates()
        for form in self.forms:
            day = form.cleaned_data.get("date") if hasattr(form, "cleaned_data") else None
            if day and not form.cleaned_data.get("DELETE") and day in other:
                form.add_error(
                    "date",
                    ValidationError(
                        _("%(date)s указан и как нерабочий день, и как рабочий выходной: оставьте одно."),
                        params={"date": day.strftime("%d.%m.%Y")},
                    ),
                )


class NonWorkingDayFormSet(_ExclusiveDatesFormSet):
    other_prefix = "working_weekend_days"


class WorkingWeekendDayFormSet(_ExclusiveDatesFormSet):
    other_prefix = "non_working_days"


class NonWorkingDayInline(admin.TabularInline):
    model = NonWorkingDay
    formset = NonWorkingDayFormSet
    extra = 0


class WorkingWeekendDayInline(admin.TabularInline):
    model = WorkingWeekendDay
    formset = WorkingWeekendDayFormSet
    extra = 0


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "confirmed", "decree_title", "non_working_count", "source"]
    fields = ["year", "decree_number", "decree_date", "decree", "confirmed", "source"]
    list_filter = ["confirmed"]
    inlines = [NonWorkingDayInline, WorkingWeekendDayInline]

    @admin.display(description=_("постановление"))
    def decree_title(self, obj):
        return obj.decree_title or _("— не указано (год не подтверждён)")

    @admin.display(description=_("нерабочих дней"))
    def non_working_count(self, obj):
        return obj.non_working_days.count()


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "calendar_year"]
    list_filter = ["calendar_year"]
    date_hierarchy = "date"


@admin.register(WorkingWeekendDay)
class WorkingWeekendDayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "calendar_year"]
    list_filter = ["calendar_year"]
