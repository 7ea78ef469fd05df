from django import forms
from django.utils.translation import gettext_lazy as _

from projects.forms import StyledForm


class DeliveryForm(StyledForm):
    """How a person wants the reminders by e-mail (issue 9, item 3; `User.email_digest`)."""

    digest = forms.TypedChoiceField(
        label=_("Напоминания по электронной почте"),
        choices=[
            ("0", _("отдельным письмом на каждое напоминание")),
            ("1", _("одной сводкой в день (после утренней рассылки)")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
