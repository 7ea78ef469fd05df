"""Forms of the project's comment thread (Положение п.6.1, 6.3; issue 19.9)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from workdays import clock

from .choices import CommentArtefact, CommentKind, ConsultationFormat
from .forms import StyledForm
from .models.comments import OUTCOME_MAX, PARTICIPANTS_MAX, TEXT_MAX


class ProjectCommentForm(StyledForm):
    """A comment that opens a thread: the kinds the user may write, what it is about, the text and,
    for a consultation, its date, format, participants and outcome (п.6.3)."""

    kind = forms.ChoiceField(label=_("Вид"))
    artefact = forms.ChoiceField(
        label=_("К чему относится"),
        choices=CommentArtefact.choices,
        initial=CommentArtefact.PROJECT,
        required=False,
    )
    text = forms.CharField(
        label=_("Текст"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX})
    )
    consulted_on = forms.DateField(
        label=_("Дата консультации"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    consultation_format = forms.ChoiceField(
        label=_("Формат консультации"), required=False, choices=[("", "—"), *ConsultationFormat.choices]
    )
    participants = forms.CharField(
        label=_("Участники консультации"), required=False, max_length=PARTICIPANTS_MAX
    )
    outcome = forms.CharField(
        label=_("Итог консультации"),
        required=False,
        max_length=OUTCOME_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": OUTCOME_MAX}),
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, CommentKind(k).label) for k in kinds]
        if kinds:
            self.fields["kind"].initial = kinds[0]

    def clean_artefact(self) -> str:
        return self.cleaned_data.get("artefact") or CommentArtefact.PROJECT

    def clean(self):
        data = super().clean()
        if data.get("kind") == CommentKind.CONSULTATION:  # п.6.3: what was consulted, when, with whom
            required = {
                "consulted_on": _("Укажите дату консультации."),
                "consultation_format": _("Укажите формат консультации."),
                "participants": _("Перечислите участников консультации."),
                "outcome": _("Запишите итог консультации."),
            }
            for name, message in required.items():
                if name not in self.errors and not data.get(name):
                    self.add_error(name, message)
            day = data.get("consulted_on")
            if day and day > clock.today():
                self.add_error(
                    "consulted_on",
                    _("Консультация записывается после того, как состоялась: дата не может быть в будущем."),
                )
        return data


class ReplyForm(StyledForm):
    text = forms.CharField(
        label=_("Ответ"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2, "maxlength": TEXT_MAX})
    )
