"""Results, defence and closure (Положение п.24–29; Прил. 4): the results report with actual values
and the effect, the acts adopted, before/after photos, and the mayor's decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leanproj import limits
from projects.choices import Achievement, ActKind, PhotoKind, ReportStatus


class ResultsReport(models.Model):
    """The report on the results (п.24–25), formed within 25 working days of the last activity."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="report")
    status = models.CharField(
        _("состояние"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    summary = limits.LongTextField(
        _("итоги реализации"), blank=True, help_text=_("Что сделано и чего достигли — кратко, для доклада.")
    )
    staff_hours_per_year = models.DecimalField(
        _("высвобождено рабочего времени, человеко-часов в год"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
    )
    money_per_year = models.DecimalField(
        _("экономия, ₽ в год"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    effect_calculation = limits.LongTextField(_("как рассчитан эффект"), blank=True)
    other_effects = limits.LongTextField(_("иные эффекты"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("отчёт о результатах")
        verbose_name_plural = _("отчёты о результатах")

    def __str__(self) -> str:
        return f"Отчёт {self.project.number}"

    @property
    def status_choice(self) -> ReportStatus:
        return ReportStatus(self.status)


class IndicatorResult(models.Model):
    """The actual value of a target indicator reported at the end (п.24)."""

    report = models.ForeignKey(ResultsReport, on_delete=models.CASCADE, related_name="indicator_results")
    indicator = models.OneToOneField(
        "projects.TargetIndicator", on_delete=models.CASCADE, related_name="result"
    )
    actual_value = models.DecimalField(
        _("фактическое значение"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    comment = models.CharField(_("комментарий"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("фактическое значение показателя в отчёте")
        verbose_name_plural = _("фактические значения показателей в отчёте")
        ordering = ["indicator__order", "indicator_id"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.actual_value}"


class LegalAct(models.Model):
    """A legal or other act adopted in the project (Прил. 4, slide 7)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="legal_acts")
    kind = models.CharField(_("вид"), max_length=20, choices=ActKind.choices)
    number = models.CharField(_("номер"), max_length=50)
    adopted_on = models.DateField(_("дата"))
    title = models.CharField(_("наименование"), max_length=500)

    class Meta:
        verbose_name = _("принятый акт")
        verbose_name_plural = _("принятые акты")
        ordering = ["adopted_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} от {self.adopted_on:%d.%m.%Y} № {self.number} «{self.title}»"


class ResultPhoto(models.Model):
    """A photo of the state «До» or «После» the optimisation (Прил. 4, slide 7)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(_("состояние"), max_length=10, choices=PhotoKind.choices)
    image = models.ImageField(_("фотография"), upload_to="results/photos/%Y/%m/")
    caption = models.CharField(_("подпись"), max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("фотография «до/после»")
        verbose_name_plural = _("фотографии «до/после»")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.caption


class Closure(models.Model):
    """The mayor's decision after the defence (п.29): the degree of achievement and the closing date."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="closure")
    achievement = models.CharField(_("степень достижения целей"), max_length=15, choices=Achievement.choices)
    closed_on = models.DateField(_("дата закрытия"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        "projects.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = limits.ShortTextField(_("комментарий"), blank=True)

    class Meta:
        verbose_name = _("решение о закрытии")
        verbose_name_plural = _("решения о закрытии")

    def __str__(self) -> str:
        return f"{self.project.number}: {self.get_achievement_display()}"

    @property
    def achievement_choice(self) -> Achievement:
        return Achievement(self.achievement)
