"""The action plan (Прил. 3; Положение п.17–24; МР п.6–7): numbered activities linked to the problems
of the current map and their root causes, approved as a revision; changes during implementation are
new revisions agreed with the coordinator and tied to a team-meeting protocol (п.22–23)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from leanproj import limits
from projects.choices import OVERDUE_COLUMN, ActivityStatus, RevisionStatus
from workdays import clock


class PlanRevision(models.Model):
    """One version of the plan. Revision 1 is the plan approved at п.19; later ones are changes
    (п.22–23). The approved revision is the one being executed; older ones stay readable."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="plan_revisions")
    number = models.PositiveSmallIntegerField(_("редакция"))
    status = models.CharField(
        _("состояние"), max_length=12, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT
    )
    reason = limits.ShortTextField(_("что и почему меняется"), blank=True)
    meeting = models.ForeignKey(
        "projects.Meeting",
        verbose_name=_("протокол заседания команды"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_revisions",
        help_text=_("Изменения плана утверждаются на заседании команды и оформляются протоколом (п.23)."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("направлена координатору"), null=True, blank=True)
    decided_at = models.DateTimeField(_("решение координатора"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_comment = limits.ShortTextField(_("комментарий координатора"), blank=True)
    snapshot = models.JSONField(_("утверждённый текст"), null=True, blank=True, encoder=DjangoJSONEncoder)

    # Who changed which field and when (issue 13): the «История изменений» page.
    history = HistoricalRecords(excluded_fields=["snapshot", "created_at"])

    class Meta:
        verbose_name = _("редакция плана мероприятий")
        verbose_name_plural = _("редакции плана мероприятий")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="plan_revision_unique_number"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(status="approved"), name="plan_one_approved"
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status__in=["draft", "submitted", "pending"]),
                name="plan_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.number}: план, редакция {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("projects:plan_revision", args=[self.project_id, self.number])

    @property
    def status_choice(self) -> RevisionStatus:
        return RevisionStatus(self.status)

    @property
    def is_editable(self) -> bool:
        return self.status == RevisionStatus.DRAFT


class Activity(models.Model):
    """A row of the plan: N, activity, responsible, deadline, expected result (Прил. 3), the problems
    it solves and their root cause (МР п.6), and its execution (п.21)."""

    revision = models.ForeignKey(PlanRevision, on_delete=models.CASCADE, related_name="activities")
    lineage = models.UUIDField(
        _("сквозной идентификатор"),
        default=uuid.uuid4,
        editable=False,
        help_text=_("Один и тот же пункт плана во всех редакциях."),
    )
    number = models.PositiveSmallIntegerField(_("№ п/п"))
    title = limits.ShortTextField(_("наименование мероприятия"))
    root_cause = limits.ShortTextField(
        _("причина проблемы"),
        blank=True,
        help_text=_("Ключевой фактор возникновения проблемы, который устраняет мероприятие (МР п.6)."),
    )
    problems = models.ManyToManyField(
        "maps.Problem", verbose_name=_("решаемые проблемы"), blank=True, related_name="activities"
    )
    # Прил. 4, слайд 6: «с указанием прямой зависимости достигнутых показателей и реализованных
    # мероприятий» — the target indicators of the card the activity is meant to move.
    indicators = models.ManyToManyField(
        "projects.TargetIndicator",
        verbose_name=_("целевые показатели"),
        blank=True,
        related_name="activities",
        help_text=_("На достижение каких целевых показателей карточки направлено мероприятие."),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ответственный исполнитель"),
        on_delete=models.PROTECT,
        related_name="plan_activities",
    )
    deadline = models.DateField(_("срок мероприятия"))
    expected_result = limits.ShortTextField(_("ожидаемый результат"))
    status = models.CharField(
        _("состояние"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.TODO
    )
    done_on = models.DateField(_("фактически выполнено"), null=True, blank=True)
    evidence = limits.ShortTextField(_("подтверждение выполнения"), blank=True)
    evidence_file = models.FileField(_("файл-подтверждение"), upload_to="plan/evidence/%Y/%m/", blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Who changed which field and when (issue 13): the «История изменений» page.
    history = HistoricalRecords(
        excluded_fields=["lineage", "version", "updated_at", "updated_by"],
        m2m_fields=["problems", "indicators"],
    )

    class Meta:
        verbose_name = _("мероприятие плана")
        verbose_name_plural = _("мероприятия плана")
        ordering = ["revision", "number"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "lineage"], name="activity_unique_lineage"),
        ]
        indexes = [
            models.Index(fields=["responsible", "status"], name="activity_responsible_status"),
            models.Index(fields=["deadline"], condition=~Q(status="done"), name="activity_open_deadline"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def status_choice(self) -> ActivityStatus:
        return ActivityStatus(self.status)

    @property
    def is_overdue(self) -> bool:
        return self.status != ActivityStatus.DONE and self.deadline < clock.today()

    @property
    def column(self) -> str:
        """The kanban column: its status, or «Просрочено» when the deadline has passed."""
        return OVERDUE_COLUMN if self.is_overdue else self.status


class ProblemNote(models.Model):
    """Why a problem of the current map has no activity in this revision (a plan cannot be submitted
    while a problem has neither an activity nor a stated reason)."""

    revision = models.ForeignKey(PlanRevision, on_delete=models.CASCADE, related_name="problem_notes")
    problem = models.ForeignKey("maps.Problem", on_delete=models.CASCADE, related_name="+")
    reason = limits.ShortTextField(_("почему мероприятие не требуется"))

    class Meta:
        verbose_name = _("обоснование проблемы без мероприятия")
        verbose_name_plural = _("обоснования проблем без мероприятий")
        constraints = [models.UniqueConstraint(fields=["revision", "problem"], name="problem_note_unique")]

    def __str__(self) -> str:
        return self.reason


class IndicatorActual(models.Model):
    """An actual value of a target indicator on a date (monitoring, МР п.7)."""

    indicator = models.ForeignKey(
        "projects.TargetIndicator", on_delete=models.CASCADE, related_name="actuals"
    )
    measured_on = models.DateField(_("дата измерения"))
    value = models.DecimalField(_("фактическое значение"), max_digits=14, decimal_places=2)
    source = models.CharField(_("источник данных"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("фактическое значение показателя")
        verbose_name_plural = _("фактические значения показателей")
        ordering = ["indicator", "measured_on", "id"]

    def __str__(self) -> str:
        return f"{self.measured_on:%d.%m.%Y}: {self.value}"
