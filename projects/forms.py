"""Forms of the card sections (Прил. 1), the acts and the meetings. Forms hold no rules of the
regulation: those are in `card_checks`, `rules` and `services`."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from org.choices import Role
from org.models import Department, User

from .choices import Achievement, Source
from .models import Meeting, Project, ProjectMember, Stakeholder, TargetIndicator


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates render fields uniformly."""

    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 3)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
                widget.attrs["aria-invalid"] = "true"


class StyledModelForm(BootstrapMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class StyledForm(BootstrapMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ProjectCreateForm(StyledModelForm):
    class Meta:
        model = Project
        fields = ["title", "department", "source", "source_reference"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            municipality_id=user.municipality_id, is_active=True
        )
        self.fields["department"].initial = user.department_id
        self.fields["source"].initial = Source.INITIATIVE

    def clean(self):
        data = super().clean()
        if (
            data.get("source") in (Source.COMPLAINT, Source.CUR)
            and not data.get("source_reference", "").strip()
        ):
            self.add_error(
                "source_reference", _("Для проекта по обращению укажите номер и дату обращения (МР п.10).")
            )
        return data


class Block1Form(StyledModelForm):
    """Block 1: people and scope of the project (МР п.4.5а)."""

    class Meta:
        model = Project
        fields = [
            "title",
            "process_customer",
            "project_customer",
            "process_owner",
            "perimeter",
            "perimeter_note",
            "boundary_start",
            "boundary_end",
            "source",
            "source_reference",
        ]
        widgets = {
            "perimeter": forms.CheckboxSelectMultiple,
            "process_customer": forms.Textarea(attrs={"rows": 2}),
            "project_customer": forms.Textarea(attrs={"rows": 2}),
            "process_owner": forms.Textarea(attrs={"rows": 2}),
            "perimeter_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perimeter"].queryset = Department.objects.filter(
            municipality_id=self.instance.municipality_id, is_active=True
        )


class Block2Form(StyledModelForm):
    """Block 2: why this project (МР п.4.5б)."""

    class Meta:
        model = Project
        fields = ["key_risk", "scale", "dissatisfaction", "problems"]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3}) for f in ["key_risk", "scale", "dissatisfaction", "problems"]
        }


class Block4Form(StyledModelForm):
    """Block 4: key events (МР п.4.5г)."""

    class Meta:
        model = Project
        fields = [
            "start_date",
            "diagnostics_start",
            "diagnostics_end",
            "implementation_start",
            "implementation_end",
            "closure_start",
            "closing_meeting_date",
        ]
        widgets = {f: DateInput() for f in fields}


class IndicatorForm(StyledModelForm):
    class Meta:
        model = TargetIndicator
        fields = ["name", "unit", "current_value", "target_value", "direction", "measurement"]
        widgets = {"name": forms.TextInput(), "measurement": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in ("current_value", "target_value"):
            self.fields[f].localize = True
            self.fields[f].widget = forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"})
            self.fields[f].widget.is_localized = True
            self.fields[f].error_messages["invalid"] = _("Введите число, например 12 или 12,5.")


class StyledInlineFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Удалить")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


class IndicatorFormSet(
    inlineformset_factory(
        Project, TargetIndicator, form=IndicatorForm, formset=StyledInlineFormSet, extra=1, can_delete=True
    )
):
    def save(self, commit=True):
        instances = super().save(commit=False)
        for obj in self.deleted_objects:
            obj.delete()
        for n, form in enumerate(f for f in self.forms if f.instance.pk or f.has_changed()):
            if form in self.deleted_forms:
                continue
            form.instance.order = n + 1
            if commit:
                form.instance.save()
        return instances


class StakeholderForm(StyledModelForm):
    class Meta:
        model = Stakeholder
        fields = ["name", "interest", "influence", "attitude", "engagement"]
        widgets = {"interest": forms.TextInput()}


StakeholderFormSet = inlineformset_factory(
    Project, Stakeholder, form=StakeholderForm, formset=StyledInlineFormSet, extra=1, can_delete=True
)


class MemberForm(StyledModelForm):
    class Meta:
        model = ProjectMember
        fields = ["user", "kind", "team_role", "responsibilities"]

    def __init__(self, *args, municipality_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            municipality_id=municipality_id, is_active=True
        ).select_related("department")
        self.fields["user"].label_from_instance = lambda u: f"{u.full_name} — {u.position}"


class BaseMemberFormSet(StyledInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["municipality_id"] = self.instance.municipality_id
        return kwargs

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            municipality_id=self.instance.municipality_id,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            user = form.cleaned_data.get("user")
            if user is None:
                continue
            if user.id == self.instance.lead_id:
                form.add_error("user", _("Руководитель проекта указан в карточке отдельно."))
            if user.id in seen:
                form.add_error("user", _("Этот сотрудник уже есть в команде."))
            seen.add(user.id)


MemberFormSet = inlineformset_factory(
    Project, ProjectMember, form=MemberForm, formset=BaseMemberFormSet, extra=1, can_delete=True
)


class ActForm(StyledForm):
    """The comment and the extra inputs of an act (appointing a lead, scheduling the defence, the
    mayor's decision)."""

    comment = forms.CharField(
        label=_("Комментарий"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    expected_status = forms.CharField(widget=forms.HiddenInput, required=False)
    lead = forms.ModelChoiceField(
        label=_("Руководитель проекта"), queryset=User.objects.none(), required=False
    )
    defence_at = forms.DateTimeField(label=_("Дата и время защиты"), required=False, widget=DateTimeInput())
    achievement = forms.ChoiceField(
        label=_("Степень достижения целей"), choices=Achievement.choices, required=False
    )

    def __init__(self, *args, act, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.act = act
        if act.comment_label:
            self.fields["comment"].label = act.comment_label
        self.fields["comment"].required = act.comment_required
        if "lead" in act.extra:
            self.fields["lead"].queryset = User.objects.filter(
                municipality_id=project.municipality_id, role_assignments__role=Role.LEAD, is_active=True
            ).distinct()
            self.fields["lead"].initial = project.lead_id
            self.fields["lead"].required = True
            self.fields["lead"].label_from_instance = lambda u: f"{u.full_name} — {u.position}"
        else:
            del self.fields["lead"]
        if "defence_at" in act.extra:
            self.fields["defence_at"].required = True
        else:
            del self.fields["defence_at"]
        if "achievement" in act.extra:
            self.fields["achievement"].required = True
        else:
            del self.fields["achievement"]


class CardChangeForm(StyledForm):
    reason = forms.CharField(label=_("Что и почему меняется"), widget=forms.Textarea(attrs={"rows": 3}))
    meeting = forms.ModelChoiceField(
        label=_("Протокол заседания команды"), queryset=Meeting.objects.none(), required=False
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = project.meetings.filter(kind="team")


class MeetingForm(StyledModelForm):
    participants = forms.ModelMultipleChoiceField(
        label=_("Участники"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "starts_at",
            "place",
            "goals",
            "agenda",
            "materials",
            "external_participants",
            "held",
            "discussion",
            "decisions",
            "feedback",
            "initiation_decided",
        ]
        widgets = {"starts_at": DateTimeInput()}

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = User.objects.filter(
            municipality_id=project.municipality_id, is_active=True
        )
        self.fields["participants"].label_from_instance = lambda u: f"{u.full_name} — {u.position}"
        if self.instance.pk:
            self.fields["participants"].initial = list(
                self.instance.participants.values_list("user_id", flat=True)
            )
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]


# --- The action plan (Прил. 3) ------------------------------------------------------------------


class ActivityForm(StyledModelForm):
    """A row of the plan. The team and the implementation period come from the card (block 1, 4)."""

    class Meta:
        from .models.plan import Activity

        model = Activity
        fields = ["title", "problems", "root_cause", "responsible", "deadline", "expected_result"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "root_cause": forms.Textarea(attrs={"rows": 2}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
            "deadline": DateInput(),
            "problems": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, project: Project, problems, **kwargs):
        super().__init__(*args, **kwargs)
        from .planning import team_ids

        self.project = project
        self.fields["problems"].queryset = problems
        self.fields["problems"].label_from_instance = lambda p: f"№ {p.number}. {p.text}"
        self.fields["responsible"].queryset = User.objects.filter(pk__in=team_ids(project))
        self.fields["responsible"].label_from_instance = lambda u: f"{u.full_name} — {u.position}"

    def clean(self):
        from .planning import validate_activity

        data = super().clean()
        for field, message in validate_activity(
            project=self.project, responsible=data.get("responsible"), deadline=data.get("deadline")
        ).items():
            self.add_error(field, message)
        return data


class ProblemNoteForm(StyledForm):
    reason = forms.CharField(
        label=_("Почему мероприятие не требуется"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RevisionStartForm(StyledForm):
    reason = forms.CharField(label=_("Что и почему меняется"), widget=forms.Textarea(attrs={"rows": 3}))
    meeting = forms.ModelChoiceField(
        label=_("Протокол заседания команды (п.23)"), queryset=Meeting.objects.none()
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = project.meetings.filter(
            kind="team", protocol_approved_at__isnull=False
        )
        self.fields["meeting"].label_from_instance = lambda m: f"№ {m.number} от {m.starts_at:%d.%m.%Y}"
        self.fields["meeting"].error_messages["required"] = _(
            "Укажите протокол заседания команды, на котором утверждено изменение (п.23)."
        )


class ActivityMoveForm(StyledForm):
    to = forms.ChoiceField(
        choices=[("todo", "todo"), ("doing", "doing"), ("done", "done")], widget=forms.HiddenInput
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Дата выполнения"), required=False, widget=DateInput())
    evidence = forms.CharField(
        label=_("Результат / подтверждение"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_file = forms.FileField(label=_("Файл-подтверждение"), required=False)

    MAX_FILE = 20 * 1024 * 1024

    def clean_evidence_file(self):
        f = self.cleaned_data.get("evidence_file")
        if f and f.size > self.MAX_FILE:
            raise forms.ValidationError(_("Файл больше 20 МБ."))
        return f


class IndicatorActualForm(StyledModelForm):
    class Meta:
        from .models.plan import IndicatorActual

        model = IndicatorActual
        fields = ["indicator", "measured_on", "value", "source"]
        widgets = {"measured_on": DateInput()}

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = project.indicators.all()
        self.fields["value"].localize = True
        self.fields["value"].widget = forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"})
        self.fields["value"].widget.is_localized = True
        self.fields["value"].error_messages["invalid"] = _("Введите число, например 12 или 12,5.")
