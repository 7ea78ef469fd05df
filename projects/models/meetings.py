"""Meetings: the kick-off meeting (МР п.4.9), team meetings at least every two weeks (п.21, 23) and
the closing meeting chaired by the mayor (п.26–28), each with its protocol."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leanproj import limits
from projects.choices import MeetingKind


class Meeting(models.Model):
    """A meeting of one project and its protocol."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("вид совещания"), max_length=10, choices=MeetingKind.choices)
    number = models.PositiveSmallIntegerField(_("№ протокола"), default=1)
    starts_at = models.DateTimeField(_("дата и время"))
    place = models.CharField(_("место"), max_length=300, blank=True)
    goals = limits.MeetingTextField(_("цели и задачи совещания"), blank=True)
    agenda = limits.MeetingTextField(_("повестка"), blank=True, help_text=_("Каждый вопрос с новой строки."))
    materials = limits.MeetingTextField(
        _("материалы"),
        blank=True,
        help_text=_("Какие данные, документы и презентации готовятся к совещанию."),
    )
    external_participants = limits.MeetingTextField(
        _("приглашённые не из числа пользователей"),
        blank=True,
        help_text=_("Ф.И.О. и организация, каждый с новой строки."),
    )
    invitations_sent_at = models.DateTimeField(_("приглашения разосланы"), null=True, blank=True)
    # The protocol
    held = models.BooleanField(_("совещание состоялось"), default=False)
    discussion = limits.MeetingTextField(_("ход обсуждения"), blank=True)
    decisions = limits.MeetingTextField(
        _("решения"), blank=True, help_text=_("Каждое решение с новой строки.")
    )
    assignments = limits.MeetingTextField(
        _("поручения"),
        blank=True,
        help_text=_("Кто, что и к какому сроку делает; каждое поручение с новой строки."),
    )
    feedback = limits.MeetingTextField(
        _("обратная связь участников"),
        blank=True,
        help_text=_("Мнения участников о ключевых проблемах и предлагаемых решениях (МР п.4.9е)."),
    )
    initiation_decided = models.BooleanField(
        _("принято решение об инициации проекта"),
        default=False,
        help_text=_("Для установочного совещания (п.10.1)."),
    )
    protocol_approved_at = models.DateTimeField(_("протокол утверждён"), null=True, blank=True)
    protocol_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("протокол утвердил"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("совещание")
        verbose_name_plural = _("совещания")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["project", "kind", "starts_at"], name="meeting_project_kind")]
        constraints = [
            # One protocol number per project and kind of meeting; numbers are given under a lock on
            # the project row (projects.services.meeting_next_number).
            models.UniqueConstraint(
                fields=["project", "kind", "number"],
                name="meeting_number_unique",
                violation_error_message=_("Протокол с этим номером уже есть; сохраните совещание ещё раз."),
            ),
        ]

    def __str__(self) -> str:
        # the municipality's date, not UTC's (a meeting at 03:30 Tomsk is on the previous UTC day)
        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("projects:meeting", args=[self.project_id, self.pk])

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    @property
    def decision_items(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]

    @property
    def is_protocol_approved(self) -> bool:
        return self.protocol_approved_at is not None

    def is_in_future(self, now=None) -> bool:
        """The meeting has not begun yet: it cannot be held or ground a decision (п.21–23)."""
        from workdays import clock

        return self.starts_at is not None and self.starts_at > (now or clock.now())


class MeetingParticipant(models.Model):
    """An invited participant: the invitation, the confirmation (МР п.4.9г) and the attendance."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("участник"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("роль на совещании"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(_("подтвердил участие"), null=True, blank=True)
    attended = models.BooleanField(_("присутствовал"), default=False)

    class Meta:
        verbose_name = _("участник совещания")
        verbose_name_plural = _("участники совещания")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="meeting_participant_unique")]

    def __str__(self) -> str:
        return str(self.user)
