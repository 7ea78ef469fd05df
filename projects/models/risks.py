"""The risks of not reaching the project's results, determined at the diagnostic stage (Положение
п.10.2 «определение рисков»; МР п.5.2 «определить риски возможного недостижения результатов проекта»)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.choices import RiskLevel


class ProjectRisk(models.Model):
    """One risk: what may happen, how likely it is, how much it would hurt the results, who watches
    it and what is done to prevent it."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="risks")
    order = models.PositiveSmallIntegerField(_("№"), default=0)
    risk = models.CharField(
        _("риск недостижения результатов"),
        max_length=500,
        help_text=_("Событие, из-за которого цели проекта могут быть не достигнуты."),
    )
    probability = models.CharField(
        _("вероятность"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM
    )
    impact = models.CharField(
        _("влияние на результат"),
        max_length=10,
        choices=RiskLevel.choices,
        default=RiskLevel.MEDIUM,
        help_text=_("Насколько сильно риск скажется на целевых показателях."),
    )
    owner = models.CharField(
        _("ответственный"), max_length=200, help_text=_("Кто отслеживает риск: Ф.И.О., должность.")
    )
    mitigation = models.TextField(_("меры по снижению риска"), max_length=1000)

    class Meta:
        verbose_name = _("риск недостижения результатов проекта")
        verbose_name_plural = _("риски недостижения результатов проекта")
        ordering = ["project_id", "order", "id"]

    def __str__(self) -> str:
        return self.risk

    @property
    def probability_choice(self) -> RiskLevel:
        return RiskLevel(self.probability)

    @property
    def impact_choice(self) -> RiskLevel:
        return RiskLevel(self.impact)
