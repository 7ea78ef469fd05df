"""Citizens' complaints and ЦУР messages as a source of projects, and the registry of projects
started from them (МР п.9–10)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from leanproj import limits
from projects.choices import ComplaintChannel, ComplaintDecision, Urgency


class Complaint(models.Model):
    """A complaint, proposal or request of a citizen or an organisation received from ЦУР, the
    feedback platform or directly (МР п.10), its primary analysis and the decision."""

    municipality = models.ForeignKey("org.Municipality", on_delete=models.PROTECT, related_name="complaints")
    channel = models.CharField(_("канал"), max_length=10, choices=ComplaintChannel.choices)
    number = models.CharField(_("номер обращения"), max_length=100)
    received_on = models.DateField(_("дата поступления"))
    text = limits.LongTextField(_("суть обращения"))
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("направлено в подразделение"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    urgency = models.CharField(_("срочность"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    priority = models.PositiveSmallIntegerField(
        _("приоритет"), default=3, help_text=_("1 — наивысший, 5 — низший.")
    )
    decision = models.CharField(
        _("решение"), max_length=10, choices=ComplaintDecision.choices, default=ComplaintDecision.PENDING
    )
    decision_note = limits.ShortTextField(_("обоснование решения"), blank=True)
    decided_on = models.DateField(_("дата решения"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("решение принял"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("проект"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("обращение")
        verbose_name_plural = _("обращения граждан и ЦУР")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "channel", "number"], name="complaint_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=5), name="complaint_priority_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} № {self.number} от {self.received_on:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("projects:complaint", args=[self.pk])

    @property
    def channel_choice(self) -> ComplaintChannel:
        return ComplaintChannel(self.channel)

    @property
    def urgency_choice(self) -> Urgency:
        return Urgency(self.urgency)

    @property
    def decision_choice(self) -> ComplaintDecision:
        return ComplaintDecision(self.decision)
