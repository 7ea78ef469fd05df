"""The scan of the card as the mayor signed it on paper (Положение п.15; Прил. 4, слайд 2: «на слайде
отражается скан утвержденной карточки Проекта»)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignedCardScan(models.Model):
    """One scan per project (PDF, JPEG or PNG, recognised by content: `leanproj.uploads.check_scan`),
    replaced by a newer one; served only through an access-checked view."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="signed_card_scan"
    )
    file = models.FileField(_("скан подписанной карточки"), upload_to="cards/signed/%Y/%m/")
    content_type = models.CharField(_("тип файла"), max_length=40)
    original_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(_("загружен"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("скан подписанной карточки")
        verbose_name_plural = _("сканы подписанных карточек")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.file.name}"

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"
