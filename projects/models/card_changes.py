"""Changing a signed card (Положение п.15, 22): the lead drafts the change on the card's pages and
submits it; the proposed text is kept here and the card returns to the text in force. A change of
the activities' dates and the team (п.22) comes into force with the coordinator's agreement; a
change of what the Mayor signed (п.15: goals, target indicators and their values, the process
boundaries, the lead, …) is agreed by the coordinator and comes into force only with the Mayor's
signature. Until then the signed text stays in force."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from leanproj import limits
from projects.choices import CardChangeKind, CardChangeStatus


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
    # Set on submission: the text proposed and whose consent it needs (п.15, 22).
    proposed_snapshot = models.JSONField(
        _("предлагаемая карточка"), encoder=DjangoJSONEncoder, null=True, blank=True
    )
    kind = models.CharField(_("вид изменения"), max_length=3, choices=CardChangeKind.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = limits.ShortTextField(_("комментарий координатора"), blank=True)
    # The Mayor's signature of a change of what he signed (п.15), or his refusal.
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signing_comment = limits.ShortTextField(_("замечания Мэра"), blank=True)

    class Meta:
        verbose_name = _("изменение карточки")
        verbose_name_plural = _("изменения карточки")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="card_change_unique_number"),
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(status__in=["draft", "pending", "agreed"]),
                name="card_change_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.number}: версия {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def needs_mayor(self) -> bool:
        return self.kind == CardChangeKind.SIGNED


OPEN = (CardChangeStatus.DRAFT, CardChangeStatus.PENDING, CardChangeStatus.AGREED)
