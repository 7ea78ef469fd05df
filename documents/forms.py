"""Forms of the documents app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leanproj.uploads import UploadRefused, check_scan
from projects.forms import StyledForm


class CardScanForm(StyledForm):
    """The scan of the card signed by the mayor (п.15; Прил. 4, слайд 2)."""

    file = forms.FileField(
        label=_("Скан подписанной карточки"),
        help_text=_(
            "PDF, JPEG или PNG до 20 МБ: карточка с подписью Мэра. Покажется на слайде 2 презентации."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_scan(upload)
        except UploadRefused as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None
        return upload
