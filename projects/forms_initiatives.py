"""Forms of the criteria of п.12 and п.14 and of an employee's initiative (п.11; issue 19.6, 19.9)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import CriterionVerdict
from .criteria import ITEMS, P12, current
from .forms import StyledForm, StyledModelForm
from .models import Initiative, Project

VERDICT_CHOICES = [("", _("— не оценено —")), *CriterionVerdict.choices]


class CriteriaForm(StyledForm):
    """A verdict and a comment for each item of п.12 or п.14. With `require_all`, every item must be
    judged (the decision on an initiative); otherwise the items left «не оценено» are kept as they
    were and may be judged later."""

    def __init__(self, *args, kind: str, project: Project | None = None, require_all: bool = False, **kw):
        super().__init__(*args, **kw)
        self.kind = kind
        self.require_all = require_all
        found = current(project, kind) if project is not None else {}
        for n, _text in ITEMS[kind]:
            recorded = found.get(n)
            self.fields[f"verdict_{n}"] = forms.ChoiceField(
                label=_("Оценка по пункту %(n)s") % {"n": n},
                choices=VERDICT_CHOICES,
                required=require_all,
                initial=recorded.verdict if recorded else "",
            )
            self.fields[f"comment_{n}"] = forms.CharField(
                label=_("Комментарий к пункту %(n)s") % {"n": n},
                required=require_all,
                max_length=5000,
                initial=recorded.comment if recorded else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self._style()

    def rows(self) -> list[dict]:
        return [
            {"n": n, "text": text, "verdict": self[f"verdict_{n}"], "comment": self[f"comment_{n}"]}
            for n, text in ITEMS[self.kind]
        ]

    def clean(self):
        data = super().clean()
        filled = 0
        for n, _text in ITEMS[self.kind]:
            verdict = data.get(f"verdict_{n}")
            comment = (data.get(f"comment_{n}") or "").strip()
            if verdict and not comment and f"comment_{n}" not in self.errors:
                self.add_error(f"comment_{n}", _("Поясните оценку: комментарий обязателен."))
            if comment and not verdict and f"verdict_{n}" not in self.errors:
                self.add_error(f"verdict_{n}", _("Выберите оценку к этому комментарию."))
            if verdict:
                filled += 1
        if not filled and not self.errors:
            raise forms.ValidationError(_("Оцените хотя бы один пункт."))
        return data

    def items(self) -> dict[int, tuple[str, str]]:
        return {
            n: (self.cleaned_data[f"verdict_{n}"], self.cleaned_data[f"comment_{n}"])
            for n, _text in ITEMS[self.kind]
            if self.cleaned_data.get(f"verdict_{n}")
        }


class InitiativeForm(StyledModelForm):
    """An employee's short form (п.11)."""

    class Meta:
        model = Initiative
        fields = ["title", "problem", "proposal"]


class InitiativeDecisionForm(CriteriaForm):
    """The head's decision on an initiative against the three conditions of п.12."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, kind=P12, require_all=True, **kwargs)
        self.fields["decision"] = forms.ChoiceField(
            label=_("Решение"),
            choices=[("accept", _("Принять: создать карточку проекта")), ("decline", _("Отклонить"))],
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        )
        self.fields["reason"] = forms.CharField(
            label=_("Обоснование решения"),
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
            help_text=_("При отклонении обязательно: автор увидит, почему инициатива не принята."),
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Укажите причину отклонения — её увидит автор инициативы."))
        return data
