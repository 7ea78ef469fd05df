"""The production calendar as data: every clock of the regulation counts working days
(Положение п.14, 16, 17, 19, 20, 24). Non-working days and working weekend days are stored per
year with the decree that set them, editable by the authorised body."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """One year of the Russian production calendar and the decree «О переносе выходных дней»."""

    year = models.PositiveSmallIntegerField(
        _("год"),
        unique=True,
        error_messages={"unique": _("Этот год уже есть в календаре: он не может быть загружен дважды.")},
    )
    decree = models.CharField(
        _("постановление о переносе выходных дней"),
        max_length=400,
        blank=True,
        help_text=_("Например: «Постановление Правительства РФ от 04.10.2024 № 1335»."),
    )
    decree_number = models.CharField(
        _("номер постановления"),
        max_length=20,
        blank=True,
        help_text=_("Номер постановления Правительства РФ о переносе выходных дней, например 1335."),
    )
    decree_date = models.DateField(_("дата постановления"), null=True, blank=True)
    confirmed = models.BooleanField(
        _("подтверждён"),
        default=False,
        help_text=_(
            "Снимите отметку, пока постановление на этот год не опубликовано: сроки, попадающие в этот год, будут помечены как предварительные."
        ),
    )
    source = models.CharField(_("источник данных"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("календарный год")
        verbose_name_plural = _("производственный календарь")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def decree_title(self) -> str:
        """«Постановление Правительства РФ от 04.10.2024 № 1335» — by number and date when known."""
        if self.decree_number and self.decree_date:
            return _("Постановление Правительства РФ от %(date)s № %(number)s") % {
                "date": self.decree_date.strftime("%d.%m.%Y"),
                "number": self.decree_number,
            }
        return self.decree

    def clean(self) -> None:
        errors = {}
        if self.year is not None and not 1990 <= self.year <= 2100:
            errors["year"] = _("Укажите год от 1990 до 2100.")
        self.decree_number = (self.decree_number or "").strip().lstrip("№").strip()
        if self.confirmed and not (self.decree_number and self.decree_date):
            # A confirmed calendar names its decree (issue 19.8): otherwise it stays provisional.
            errors["decree_number"] = _(
                "Подтверждённый год называет постановление о переносе выходных дней: укажите его номер и дату."
            )
        if self.decree_date and self.year and self.decree_date.year > self.year:
            errors["decree_date"] = _(
                "Постановление о переносе выходных дней издаётся до начала года или в нём."
            )
        if errors:
            raise ValidationError(errors)


class _CalendarDate(models.Model):
    calendar_year = models.ForeignKey(CalendarYear, verbose_name=_("год"), on_delete=models.CASCADE)
    date = models.DateField(_("дата"), unique=True)
    name = models.CharField(_("основание"), max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.name}".strip()

    other_model: type[models.Model]
    other_message: str

    def clean(self) -> None:
        errors = {}
        if self.date and self.calendar_year_id and self.date.year != self.calendar_year.year:
            errors["date"] = _("Дата %(date)s не относится к %(year)s году.") % {
                "date": self.date.strftime("%d.%m.%Y"),
                "year": self.calendar_year.year,
            }
        if self.date and self.other_model.objects.filter(date=self.date).exists():
            errors["date"] = self.other_message % {"date": self.date.strftime("%d.%m.%Y")}
        if errors:
            raise ValidationError(errors)


class NonWorkingDay(_CalendarDate):
    """A holiday (ТК РФ ст.112) or a day off moved by the government's decree."""

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name=_("год"), on_delete=models.CASCADE, related_name="non_working_days"
    )

    class Meta(_CalendarDate.Meta):
        verbose_name = _("нерабочий день")
        verbose_name_plural = _("нерабочие дни")

    other_message = _(
        "%(date)s уже указан как рабочий выходной день: дата не может быть одновременно праздничной и рабочей."
    )

    @property
    def other_model(self):
        return WorkingWeekendDay


class WorkingWeekendDay(_CalendarDate):
    """A Saturday or Sunday that the decree made a working day (e.g. 01.11.2025)."""

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name=_("год"), on_delete=models.CASCADE, related_name="working_weekend_days"
    )

    class Meta(_CalendarDate.Meta):
        verbose_name = _("рабочий выходной день")
        verbose_name_plural = _("рабочие выходные дни")

    other_message = _(
        "%(date)s уже указан как нерабочий день: дата не может быть одновременно праздничной и рабочей."
    )

    @property
    def other_model(self):
        return NonWorkingDay

    def clean(self) -> None:
        super().clean()
        if self.date and self.date.weekday() < 5:
            raise ValidationError(
                {"date": _("Рабочим выходным днём может быть только суббота или воскресенье.")}
            )
