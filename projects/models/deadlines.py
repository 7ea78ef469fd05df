"""Every statutory clock as a stored row, so that execution discipline can be measured per
coordinator, department and stage (DESIGN §2; Положение п.14, 16, 17, 19, 20, 24)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.choices import DeadlineOutcome, ResponsibleRole, Stage
from workdays import clock
from workdays.services import add_working_days, is_unconfirmed, working_days_between


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_on__isnull=True, cancelled_on__isnull=True)

    def timed(self):
        return self.filter(due_on__isnull=False)


class Deadline(models.Model):
    """A statutory clock of one stage of one project: started, due, done, on time or late."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="deadlines")
    stage = models.CharField(_("этап"), max_length=20, choices=Stage.choices)
    clause = models.CharField(_("основание"), max_length=50)
    working_days = models.PositiveSmallIntegerField(_("рабочих дней"), null=True, blank=True)
    responsible = models.CharField(_("кто действует"), max_length=20, choices=ResponsibleRole.choices)
    started_on = models.DateField(_("начало срока"))
    counted_from = models.DateField(
        _("отсчёт рабочих дней от"),
        null=True,
        blank=True,
        help_text=_(
            "День, после которого отсчитываются рабочие дни срока (обычно начало срока); по нему срок пересчитывается при исправлении производственного календаря."
        ),
    )
    due_on = models.DateField(_("срок"), null=True, blank=True)
    done_on = models.DateField(_("исполнено"), null=True, blank=True)
    cancelled_on = models.DateField(_("снят"), null=True, blank=True)
    outcome = models.CharField(_("исполнение"), max_length=10, choices=DeadlineOutcome.choices, blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("срок")
        verbose_name_plural = _("сроки")
        ordering = ["started_on", "id"]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(done_on__isnull=True, cancelled_on__isnull=True),
                name="deadline_open_due",
            ),
            models.Index(fields=["project", "stage"], name="deadline_project_stage"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_stage_display()} до {self.due_on:%d.%m.%Y}"
            if self.due_on
            else self.get_stage_display()
        )

    def statutory_due(self) -> dt.date | None:
        """The due date the calendar gives now: N working days after the day the clock counts from."""
        if self.working_days is None or self.due_on is None:
            return None
        return add_working_days(self.counted_from or self.started_on, self.working_days)

    @property
    def is_open(self) -> bool:
        return self.done_on is None and self.cancelled_on is None

    def days_left(self, today: dt.date | None = None) -> int | None:
        """Working days left (negative: overdue); None for a stage without a clock."""
        if self.due_on is None:
            return None
        return working_days_between(today or clock.today(), self.due_on)

    def age(self, today: dt.date | None = None) -> int:
        """Working days since the clock started (for stages whose age is tracked)."""
        end = self.done_on or self.cancelled_on or today or clock.today()
        return max(working_days_between(self.started_on, end), 0)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on is not None and clock.today() > self.due_on

    @property
    def unconfirmed_calendar(self) -> bool:
        return self.due_on is not None and is_unconfirmed(self.due_on)

    def get_outcome_choice(self) -> DeadlineOutcome | None:
        return DeadlineOutcome(self.outcome) if self.outcome else None

    @property
    def responsible_choice(self) -> ResponsibleRole:
        return ResponsibleRole(self.responsible)
