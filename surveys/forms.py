"""Forms of the questionnaire: the team's survey settings and list of invitees, and the public
form respondents fill on their phones. The rules themselves live in `questions`, `models.Response.clean`
and `services`; the forms put each message next to the field it is about."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from org.models import Department
from projects.forms import DateInput, StyledForm, StyledModelForm
from workdays import clock

from .choices import Phase, Score
from .models import Survey
from .questions import QUESTIONS, SUGGESTIONS_QUESTION, questions_missing_comment
from .services import InviteeRow, normalise

OTHER = "other"


class SurveyForm(StyledModelForm):
    """The team sets up a survey: which phase, the process's name, when answers are accepted."""

    class Meta:
        model = Survey
        fields = ["phase", "process_name", "note", "opens_on", "closes_on", "public_link"]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, phases: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["phase"]
        else:
            self.fields["phase"].choices = [(p, Phase(p).label) for p in (phases or Phase.values)]

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("Дата окончания приёма ответов не может быть раньше даты начала."))
        elif closes_on and not self.instance.pk and closes_on < clock.today():
            self.add_error("closes_on", _("Эта дата уже прошла: укажите, до какого дня принимать ответы."))
        return data


class WaiverForm(StyledForm):
    """The coordinator records why a questioning is not held (Положение п.10.1, 10.5; МР п.4.4)."""

    reason = forms.CharField(
        label=_("Причина"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Например: у процесса нет внешних заказчиков — его результат используется только внутри отдела. "
            "Причина будет показана в отчёте о результатах и в отчётной презентации."
        ),
        error_messages={
            "required": _("Укажите причину, по которой анкетирование не проводится."),
            "max_length": _("Не больше %(limit_value)d символов (сейчас %(show_value)d)."),
        },
    )


class InviteesForm(StyledForm):
    """A known list of respondents, one a line: «Ф.И.О.; подразделение или организация». A line
    pasted from a spreadsheet (name and organisation in two columns) works as well."""

    people = forms.CharField(
        max_length=20_000,
        label=_("Респонденты"),
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": _("Петрова Анна Сергеевна; Управление образования")}
        ),
        help_text=_(
            "По одному на строку: Ф.И.О., затем через «;» подразделение или организация. Можно вставить два столбца из таблицы Excel."
        ),
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = list(departments)

    def _match(self, text: str) -> Department | None:
        key = normalise(text).lower()
        for department in self.departments:
            if key in (department.name.lower(), (department.short_name or "").lower()):
                return department
        return None

    def clean_people(self) -> list[InviteeRow]:
        rows, errors = [], []
        for number, line in enumerate(self.cleaned_data["people"].splitlines(), start=1):
            if not line.strip():
                continue
            name, organisation = _split(line)
            if not name:
                errors.append(_("строка %(n)s: нет Ф.И.О.") % {"n": number})
            elif len(name) > 200:
                errors.append(_("строка %(n)s: Ф.И.О. длиннее 200 знаков") % {"n": number})
            elif len(organisation) > 300:
                errors.append(_("строка %(n)s: наименование организации длиннее 300 знаков") % {"n": number})
            else:
                department = self._match(organisation) if organisation else None
                rows.append(InviteeRow(name=name, department=department, organisation=organisation))
        if errors:
            raise forms.ValidationError("; ".join(str(e) for e in errors) + ".")
        if not rows:
            raise forms.ValidationError(_("Впишите хотя бы одного респондента."))
        return rows


def _split(line: str) -> tuple[str, str]:
    """«Ф.И.О.; организация» or two spreadsheet columns separated by a tab."""
    parts = re.split(r"[;\t]", line, maxsplit=1)
    name = normalise(parts[0])
    organisation = normalise(parts[1]).strip(" ;") if len(parts) > 1 else ""
    return name, organisation


class ResponseForm(forms.Form):
    """The public questionnaire (МР, «АНКЕТА заказчика процесса»). Every answer survives an error;
    each missing piece is named next to its question and in the list at the top."""

    department = forms.ChoiceField(
        label=_("Ваше подразделение или организация"),
        required=False,
        error_messages={"invalid_choice": _("Выберите подразделение из списка.")},
    )
    organisation = forms.CharField(
        label=_("Если вашей организации нет в списке — впишите её"),
        required=False,
        max_length=300,
    )
    respondent_name = forms.CharField(label=_("Ф.И.О. (по желанию)"), required=False, max_length=200)
    suggestions = forms.CharField(
        label=SUGGESTIONS_QUESTION, required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, departments, invitation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = {str(d.pk): d for d in departments}
        self.fields["department"].choices = (
            [("", _("— выберите из списка —"))]
            + [(key, d.name) for key, d in self.departments.items()]
            + [(OTHER, _("Другая организация (впишите ниже)"))]
        )
        for q in QUESTIONS:
            self.fields[q.code] = forms.TypedChoiceField(
                label=q.text,
                choices=Score.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Выберите ответ.")},
            )
            self.fields[q.comment_field] = forms.CharField(
                label=_("Комментарий (обязателен при ответе «Нет» или «Скорее нет»)"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if invitation is not None and not self.is_bound:
            self.initial.update(
                respondent_name=invitation.name,
                department=str(invitation.department_id)
                if invitation.department_id
                else (OTHER if invitation.organisation else ""),
                organisation="" if invitation.department_id else invitation.organisation,
            )

    def question_rows(self):
        """Each question with its bound score and comment fields, grouped as the form in МР prints them."""
        rows = []
        for q in QUESTIONS:
            rows.append({"question": q, "score": self[q.code], "comment": self[q.comment_field]})
        return rows

    def clean(self):
        data = super().clean()
        choice = data.get("department") or ""
        typed = normalise(data.get("organisation", ""))
        data["department_obj"] = None
        if "department" in self.errors or "organisation" in self.errors:
            pass  # already answered next to the field
        elif choice and choice != OTHER:
            department = self.departments[choice]
            if typed:
                self.add_error(
                    "organisation",
                    _(
                        "Вы выбрали в списке «%(name)s». Очистите это поле или выберите в списке «Другая организация»."
                    )
                    % {"name": department.name},
                )
            else:
                data["department_obj"] = department
        elif not typed:
            if choice == OTHER:
                self.add_error("organisation", _("Впишите наименование своей организации."))
            else:
                self.add_error(
                    "department", _("Выберите подразделение из списка или впишите свою организацию.")
                )
        scores = {q.code: data.get(q.code) for q in QUESTIONS}
        comments = {q.code: data.get(q.comment_field, "") for q in QUESTIONS}
        self.missing_comments = [
            q for q in questions_missing_comment(scores, comments) if q.comment_field not in self.errors
        ]
        for q in self.missing_comments:
            # МР, «АНКЕТА заказчика процесса»: «В случае ответа "Нет" / "Скорее нет" - прокомментируйте».
            self.add_error(
                q.comment_field,
                _("Вы ответили «%(answer)s» — прокомментируйте, пожалуйста, что не так.")
                % {"answer": Score(scores[q.code]).label},
            )
        return data

    def error_summary(self) -> list[dict]:
        """What is missing, in the order of the form, each linked to its place on the page."""
        items = []
        for q in QUESTIONS:
            if q.code in self.errors:
                items.append(
                    {"anchor": f"q{q.number}", "text": _("вопрос %(n)s: выберите ответ") % {"n": q.number}}
                )
            if q in getattr(self, "missing_comments", ()):
                items.append(
                    {"anchor": f"q{q.number}", "text": _("вопрос %(n)s: нужен комментарий") % {"n": q.number}}
                )
            elif q.comment_field in self.errors:
                items.append(
                    {
                        "anchor": f"q{q.number}",
                        "text": _("вопрос %(n)s: %(error)s")
                        % {"n": q.number, "error": " ".join(self.errors[q.comment_field])},
                    }
                )
        for name, text in (
            ("department", _("подразделение или организация")),
            ("organisation", _("подразделение или организация")),
            ("respondent_name", _("Ф.И.О.")),
            ("suggestions", _("предложения")),
        ):
            if name in self.errors and not any(i["text"] == text for i in items):
                items.append({"anchor": "who" if name != "suggestions" else "suggestions", "text": text})
        return items
