"""Changing a signed card (Положение п.22): the lead drafts the change, the coordinator agrees to it,
and the card gets a new approved version; a refused change restores the approved one."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from leanproj import limits
from projects.choices import CardChangeStatus


class CardChange(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="card_changes")
    number = models.PositiveSmallIntegerField(_("версия карточки"))
    status = models.CharField(
        _("состояние"), max_length=10, choices=CardChangeStatus.choices, default=CardChangeStatus.DRAFT
    )
    reason = limits.ShortTextField(_("причина изменения"))
    meeting = models.ForeignKey(
        "projects.Meeting",
        verbose_name=_("протокол заседания команды"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    base_snapshot = models.JSONField(_("карточка до изменения"), encoder=DjangoJSONEncoder)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = limits.ShortTextField(_("комментарий координатора"), blank=True)

    class Meta:
        verbose_name = _("изменение карточки")
        verbose_name_plural = _("изменения карточки")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="card_change_unique_number"),
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(status__in=["draft", "pending"]),
                name="card_change_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.number}: версия {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in (CardChangeStatus.DRAFT, CardChangeStatus.PENDING)
