"""The best-practice base and replication (Положение п.30–31; seed 002 «Фабрики изменений»)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from leanproj import limits


class Practice(models.Model):
    """A closed project the authorised body made a best practice, for replication in other
    departments with similar processes."""

    project = models.OneToOneField("projects.Project", on_delete=models.PROTECT, related_name="practice")
    title = models.CharField(_("наименование практики"), max_length=500)
    process = models.CharField(
        _("процесс"),
        max_length=500,
        help_text=_("Какой процесс оптимизирован: «выдача справок», «приём заявлений»…"),
    )
    area = models.CharField(
        _("сфера"), max_length=200, help_text=_("Социальная поддержка, образование, ЖКХ…")
    )
    tags = models.CharField(_("ключевые слова"), max_length=500, blank=True, help_text=_("Через запятую."))
    effect = limits.LongTextField(
        _("эффект"), help_text=_("Что дала практика: время, деньги, визиты, жалобы.")
    )
    published_at = models.DateTimeField(_("внесена в базу"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("лучшая практика")
        verbose_name_plural = _("база лучших практик")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:practice", args=[self.pk])

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]
