"""The criteria of an initiative (Положение п.12) and of the card's review (п.14), recorded item by
item, and an employee's initiative (п.11) with the department head's decision on it."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from projects.choices import CriterionKind, CriterionVerdict, InitiativeStatus


class CriterionAssessment(models.Model):
    """One item of п.12 (the department head on the initiative) or п.14 (the coordinator on the
    card) with its verdict and comment. A п.14 assessment belongs to one review round — the card's
    n-th submission — so that a card sent again after a return is assessed again."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="criteria_assessments"
    )
    kind = models.CharField(_("перечень"), max_length=4, choices=CriterionKind.choices)
    item = models.PositiveSmallIntegerField(_("пункт"))
    review_round = models.PositiveSmallIntegerField(_("рассмотрение"), default=0)
    verdict = models.CharField(_("оценка"), max_length=10, choices=CriterionVerdict.choices)
    comment = models.TextField(_("комментарий"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто оценил"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("когда"))

    class Meta:
        verbose_name = _("оценка по критерию")
        verbose_name_plural = _("оценки по критериям (п.12, 14)")
        ordering = ["kind", "review_round", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "review_round", "item"], name="criterion_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.item}: {self.get_verdict_display()}"

    @property
    def verdict_choice(self) -> CriterionVerdict:
        return CriterionVerdict(self.verdict)


class Initiative(models.Model):
    """An improvement proposed by any employee of a department (Положение п.11): it goes to the head
    of his department, who decides on it against the conditions of п.12 — accepted, it becomes the
    draft card of a project crediting its author; declined, the author reads why."""

    municipality = models.ForeignKey("org.Municipality", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("подразделение"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("автор"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    title = models.CharField(
        _("что предлагается улучшить"),
        max_length=500,
        help_text=_("Процесс, который нужно улучшить: например, «Выдача справок о составе семьи»."),
    )
    problem = models.TextField(
        _("проблема"), help_text=_("Что сейчас не так: сроки, повторные визиты, жалобы, потери.")
    )
    proposal = models.TextField(
        _("предлагаемый процесс"), help_text=_("Как процесс должен работать после улучшения.")
    )
    created_at = models.DateTimeField(_("подана"))
    status = models.CharField(
        _("состояние"), max_length=10, choices=InitiativeStatus.choices, default=InitiativeStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("решение принял"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("дата решения"), null=True, blank=True)
    decision_reason = models.TextField(_("обоснование решения"), blank=True)
    criteria = models.JSONField(
        _("оценка по условиям п.12"), default=list, blank=True, encoder=DjangoJSONEncoder
    )
    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("проект"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiative",
    )

    class Meta:
        verbose_name = _("инициатива")
        verbose_name_plural = _("инициативы работников (п.11)")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["department", "status"], name="initiative_dept_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:initiative", args=[self.pk])

    @property
    def status_choice(self) -> InitiativeStatus:
        return InitiativeStatus(self.status)

    @property
    def criteria_rows(self) -> list[dict]:
        """The п.12 judgement with each verdict as a choice, for the page."""
        return [
            {**c, "verdict_choice": CriterionVerdict(c["verdict"])}
            for c in self.criteria
            if c.get("verdict") in CriterionVerdict.values
        ]
