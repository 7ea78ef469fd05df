"""The immutable journal: every act on a project — who, when, from → to, comment, and the snapshot
of what was approved (DESIGN §2)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leanproj import limits
from projects.choices import Status


class JournalEntry(models.Model):
    """One row per act. Rows are never changed or deleted."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="journal")
    at = models.DateTimeField(_("когда"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("действие"), max_length=50)
    label = models.CharField(_("описание"), max_length=300)
    from_status = models.CharField(_("из стадии"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("в стадию"), max_length=20, choices=Status.choices, blank=True)
    comment = limits.ShortTextField(_("комментарий"), blank=True)
    snapshot_kind = models.CharField(_("что утверждено"), max_length=20, blank=True)
    snapshot = models.JSONField(_("снимок"), null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("запись журнала")
        verbose_name_plural = _("журнал проекта")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["project", "action"], name="journal_project_action")]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%d.%m.%Y %H:%M} {self.label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("journal entries are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("journal entries are immutable")

    @property
    def is_transition(self) -> bool:
        return bool(self.from_status and self.to_status and self.from_status != self.to_status)
