"""Forms of the card sections (Прил. 1), the acts and the meetings. Forms hold no rules of the
regulation: those are in `card_checks`, `rules` and `services`."""

from __future__ import annotations

import re

from django import forms
from django.db import transaction
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition

from leanproj import limits, uploads
from org.models import Department, User
from org.selectors import departments_headed_by, leads_curated_by
from workdays import clock

from .choices import Achievement, MemberKind, Source
from .models import Meeting, Project, ProjectMember, ProjectRisk, Stakeholder, TargetIndicator


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


# Dates of a municipal project lie within this century: a year like 9999 is a typo, and the
# working-day arithmetic of the statutory clocks would overflow on it (found by fuzzing, issue 13).
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Ids are 64-bit: a longer number is refused as a wrong choice instead of overflowing the database
# driver (SQLite raises OverflowError on `pk__in=[2**70]`; found by fuzzing, issue 13).
MAX_ID = 2**63 - 1


def _year_in_range(value) -> None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Проверьте год: дата должна быть между %(first)s и %(last)s годом."),
            code="year_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


def _guard_ids(field: forms.ModelChoiceField) -> None:
    clean = field.clean

    def guarded(value):
        for item in value if isinstance(value, list | tuple) else [value]:
            text = str(item).strip().lstrip("+-") if item is not None else ""
            # isascii: «²» is a digit to isdigit() but not to int()
            if text.isascii() and text.isdigit() and len(text) > 18 and int(text) > MAX_ID:
                raise forms.ValidationError(
                    field.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return clean(value)

    field.clean = guarded


def _finite_only(field: forms.DecimalField) -> None:
    """«NaN», «sNaN» and «Infinity» are not numbers a person means. Django's DecimalField refuses
    them only in validate(), after has_changed() has already compared a signalling NaN with the
    saved value — which raises InvalidOperation (a server error on an edited row of a formset;
    found by fuzzing at 1 000 examples, issue 13). Refused here, as a wrong number."""
    to_python = field.to_python

    def finite(value):
        number = to_python(value)
        if number is not None and not number.is_finite():
            raise forms.ValidationError(field.error_messages["invalid"], code="invalid")
        return number

    field.to_python = finite


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates render fields uniformly."""

    def _style(self):
        for field in self.fields.values():
            if (
                isinstance(field, forms.DateField | forms.DateTimeField)
                and _year_in_range not in field.validators
            ):
                field.validators.append(_year_in_range)
            if isinstance(field, forms.ModelChoiceField) and not getattr(field, "_ids_guarded", False):
                _guard_ids(field)
                field._ids_guarded = True
            if isinstance(field, forms.DecimalField) and not getattr(field, "_finite_only", False):
                _finite_only(field)
                field._finite_only = True
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


class CommentForm(StyledForm):
    """The optional comment of a decision posted from a button (a card change, a plan revision)."""

    comment = forms.CharField(
        label=_("Комментарий"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def refusal(self) -> str:
        return _("Решение не записано: комментарий — %(e)s") % {"e": " ".join(self.errors["comment"])}


class ProjectCreateForm(StyledModelForm):
    class Meta:
        model = Project
        fields = ["title", "department", "source", "source_reference"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # Положение п.11, 13: only the departments this person heads (or is deputy head of)
        self.fields["department"].queryset = departments_headed_by(user=user)
        self.fields["department"].initial = user.department_id
        self.fields["department"].error_messages["invalid_choice"] = _(
            "Проект инициирует руководитель подразделения (п.13): выберите подразделение, которым вы руководите или где вы заместитель руководителя."
        )
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


class CardSectionForm(StyledModelForm):
    """A section of the card writes only its own fields: two people saving different sections at
    the same time keep each other's changes (issue 13: a whole-row save lost the other section)."""

    def save(self, commit=True):
        instance = super().save(commit=False)
        if commit and instance.pk is None:
            instance.save()
            self._save_m2m()
        elif commit:
            own = [f.name for f in instance._meta.concrete_fields if f.name in self.cleaned_data]
            # the row as it is now, with only this section's fields copied onto it: the edit history
            # records what the row became, not another section's values as this page loaded them
            with transaction.atomic():
                fresh = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
                if fresh.status != instance.status:  # the card moved on (submitted) meanwhile
                    raise ConcurrentTransition(_("Карточку только что направили дальше."))
                for name in own:
                    setattr(fresh, name, getattr(instance, name))
                fresh.save(update_fields=[*own, "updated_at"])
            for field in instance._meta.concrete_fields:
                if field.name != "status":  # protected by the state machine; equal, checked above
                    setattr(instance, field.attname, getattr(fresh, field.attname))
            self._save_m2m()
        return instance


class Block1Form(CardSectionForm):
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


class Block2Form(CardSectionForm):
    """Block 2: why this project (МР п.4.5б)."""

    class Meta:
        model = Project
        fields = ["key_risk", "scale", "dissatisfaction", "problems"]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3}) for f in ["key_risk", "scale", "dissatisfaction", "problems"]
        }


class Block4Form(CardSectionForm):
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


# Rows of a card section: a forged form asking for 2 000 rows (Django's default ceiling) made the
# page build and render them for seconds; found by fuzzing (issue 13).
CARD_ROWS = {"max_num": 50, "absolute_max": 50, "validate_max": True}


class StyledInlineFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Удалить")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


class IndicatorFormSet(
    inlineformset_factory(
        Project,
        TargetIndicator,
        form=IndicatorForm,
        formset=StyledInlineFormSet,
        extra=1,
        can_delete=True,
        **CARD_ROWS,
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
    Project,
    Stakeholder,
    form=StakeholderForm,
    formset=StyledInlineFormSet,
    extra=1,
    can_delete=True,
    **CARD_ROWS,
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
            if user.id in seen:
                form.add_error("user", _("Этот сотрудник уже есть в команде."))
            seen.add(user.id)


MemberFormSet = inlineformset_factory(
    Project, ProjectMember, form=MemberForm, formset=BaseMemberFormSet, extra=1, can_delete=True, **CARD_ROWS
)


class ActForm(StyledForm):
    """The comment and the extra inputs of an act (appointing a lead, scheduling the defence, the
    mayor's decision)."""

    comment = forms.CharField(
        max_length=limits.SHORT_TEXT,
        label=_("Комментарий"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
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
            # Положение п.8.2: a head of a department of the coordinator's own direction who is a
            # member of the project's working group (issue 18, hole 4; issue 19.9)
            direction = project.department.direction if project.department_id else None
            self.fields["lead"].queryset = (
                leads_curated_by(
                    coordinator_id=direction.coordinator_id if direction else None,
                    municipality_id=project.municipality_id,
                )
                .filter(
                    project_memberships__project=project,
                    project_memberships__kind=MemberKind.MEMBER,
                )
                .distinct()
            )
            self.fields["lead"].error_messages["invalid_choice"] = _(
                "Руководителем проекта назначается руководитель подразделения курируемого вами направления из команды проекта (п.8.2)."
            )
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
    reason = forms.CharField(
        max_length=limits.SHORT_TEXT,
        label=_("Что и почему меняется"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    meeting = forms.ModelChoiceField(
        label=_("Протокол заседания команды"), queryset=Meeting.objects.none(), required=False
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        # a change rests on a meeting that took place (п.22–23)
        self.fields["meeting"].queryset = project.meetings.filter(kind="team", starts_at__lte=clock.now())
        self.fields["meeting"].label_from_instance = _meeting_label
        self.fields["meeting"].error_messages["invalid_choice"] = FUTURE_MEETING_CITED


def _meeting_label(meeting: Meeting) -> str:
    # the municipality's date: a meeting at 03:30 in Tomsk is on the previous day in UTC
    return f"№ {meeting.number} от {timezone.localtime(meeting.starts_at):%d.%m.%Y}"


FUTURE_MEETING_CITED = _(
    "Выберите протокол заседания команды этого проекта, которое уже прошло: совещание, которое "
    "ещё не состоялось, не может быть основанием изменения (п.22–23)."
)
FUTURE_MEETING_CITED_BY_PLAN = _(
    "Выберите утверждённый протокол заседания команды этого проекта, которое уже прошло: совещание, "
    "которое ещё не состоялось, не может быть основанием изменения плана (п.22–23)."
)


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

    def clean(self):
        from .services import FUTURE_MEETING_HELD

        data = super().clean()
        starts_at = data.get("starts_at")
        if data.get("held") and starts_at is not None and starts_at > clock.now():  # п.21, 23
            self.add_error("held", FUTURE_MEETING_HELD)
        return data


# --- The action plan (Прил. 3) ------------------------------------------------------------------


class ActivityForm(StyledModelForm):
    """A row of the plan. The team and the implementation period come from the card (block 1, 4)."""

    class Meta:
        from .models.plan import Activity

        model = Activity
        fields = [
            "title",
            "problems",
            "indicators",
            "root_cause",
            "responsible",
            "deadline",
            "expected_result",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "root_cause": forms.Textarea(attrs={"rows": 2}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
            "deadline": DateInput(),
            "problems": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, project: Project, problems, by: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        from .planning import STRUCTURE_FIELDS, can_edit_plan, team_ids

        self.project = project
        self.fields["problems"].queryset = problems
        self.fields["problems"].label_from_instance = lambda p: f"№ {p.number}. {p.text}"
        self.fields["indicators"].queryset = project.indicators.all()
        self.fields["responsible"].queryset = User.objects.filter(pk__in=team_ids(project))
        self.fields["responsible"].label_from_instance = lambda u: f"{u.full_name} — {u.position}"
        if by is not None and not can_edit_plan(project, by):
            # the responsible member words his activity; its place in the plan is the lead's
            for name in STRUCTURE_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Определяет руководитель проекта.")

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
        max_length=limits.SHORT_TEXT,
        label=_("Почему мероприятие не требуется"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RevisionStartForm(StyledForm):
    reason = forms.CharField(
        max_length=limits.SHORT_TEXT,
        label=_("Что и почему меняется"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    meeting = forms.ModelChoiceField(
        label=_("Протокол заседания команды (п.23)"), queryset=Meeting.objects.none()
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = project.meetings.filter(
            kind="team", protocol_approved_at__isnull=False, starts_at__lte=clock.now()
        )
        self.fields["meeting"].label_from_instance = _meeting_label
        self.fields["meeting"].error_messages["invalid_choice"] = FUTURE_MEETING_CITED_BY_PLAN
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
        max_length=limits.SHORT_TEXT,
        label=_("Результат / подтверждение"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence_file = forms.FileField(label=_("Файл-подтверждение"), required=False)

    MAX_FILE = 20 * 1024 * 1024

    def clean_evidence_file(self):
        f = self.cleaned_data.get("evidence_file")
        if not f:
            return f
        if f.size > self.MAX_FILE:
            raise forms.ValidationError(_("Файл больше 20 МБ."))
        extension = evidence_kind(f, max_bytes=self.MAX_FILE)
        # stored under a name of our making: the person's file name keeps only its letters
        stem = slugify(f.name.rsplit(".", 1)[0], allow_unicode=True)[:60] or "file"
        f.name = f"{stem}.{extension}"
        return f


# Office documents are ZIP packages: recognised by the content type their manifest declares.
OFFICE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
}
OFFICE_MAIN_PARTS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
EVIDENCE_TYPES_TEXT = _("PDF, JPEG, PNG, DOCX, XLSX или ODT")


_OVERRIDE = re.compile(r"<(?:\w+:)?Override\b[^>]*>")
_ATTRIBUTE = re.compile(r'\b(PartName|ContentType)\s*=\s*["\']([^"\']*)["\']')


def _office_kind(manifest: str, names: set[str]) -> str | None:
    """The kind of an OOXML package whose manifest declares its main part *and* holds that part —
    a manifest that only names the type, with nothing behind it, is not a document (issue 18)."""
    for tag in _OVERRIDE.findall(manifest):
        attributes = dict(_ATTRIBUTE.findall(tag))
        for kind, part in OFFICE_MAIN_PARTS.items():
            if attributes.get("ContentType") == part and attributes.get("PartName", "").lstrip("/") in names:
                return kind
    return None


def evidence_kind(upload, *, max_bytes: int = 20 * 1024 * 1024) -> str:
    """The real kind of an evidence file (issue 13 «uploads accepted only by their real content»):
    a PDF, a JPEG or PNG picture, or a DOCX, XLSX or ODT document — whatever its name says.
    Returns the extension to store it with; raises ValidationError in Russian."""
    import zipfile

    from django.core.exceptions import ValidationError

    from maps.uploads import check_upload

    not_allowed = forms.ValidationError(
        _("Такой файл не принимается: приложите %(types)s (проверяется содержимое, а не имя файла).")
        % {"types": EVIDENCE_TYPES_TEXT}
    )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith((b"%PDF-", b"\xff\xd8\xff", b"\x89PNG")):
        try:
            return check_upload(upload, max_bytes=max_bytes).extension
        except ValidationError as exc:
            if exc.code == "type":  # looked like a picture for four bytes, is not one
                raise not_allowed from None
            raise forms.ValidationError(exc.messages) from None  # broken or too big: says which
    if not head.startswith(b"PK\x03\x04"):
        raise not_allowed
    try:
        with zipfile.ZipFile(upload) as package:
            # a «zip bomb» is refused by the sizes it declares, before any part is read (issue 18)
            uploads.check_zip(package)
            names = set(package.namelist())
            for small in ("mimetype", "[Content_Types].xml"):
                if small in names and package.getinfo(small).file_size > 1024 * 1024:
                    raise not_allowed  # a manifest is a few kilobytes: this is a «zip bomb»
            if "mimetype" in names:  # OpenDocument: the first entry names the type
                kind = OFFICE_TYPES.get(package.read("mimetype").decode("ascii", "replace").strip())
                if kind == "odt" and "content.xml" in names:
                    return kind
                raise not_allowed
            if "[Content_Types].xml" in names:
                manifest = package.read("[Content_Types].xml").decode("utf-8", "replace")
                kind = _office_kind(manifest, names)
                if kind:
                    return kind
            raise not_allowed
    except forms.ValidationError:
        raise
    except uploads.UploadRefused as exc:
        raise forms.ValidationError(exc.message, code=exc.code) from None
    except Exception:  # BadZipFile, an encrypted or AES entry (RuntimeError, NotImplementedError),
        raise not_allowed from None  # corrupt deflate data (zlib.error), … — found by review
    finally:
        upload.seek(0)


class IndicatorActualForm(StyledModelForm):
    class Meta:
        from .models.plan import IndicatorActual

        model = IndicatorActual
        fields = ["indicator", "measured_on", "value", "source"]
        widgets = {"measured_on": DateInput()}
        labels = {"indicator": _("Показатель")}

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = project.indicators.all()
        self.fields["value"].localize = True
        self.fields["value"].widget = forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"})
        self.fields["value"].widget.is_localized = True
        self.fields["value"].error_messages["invalid"] = _("Введите число, например 12 или 12,5.")


# --- Risks of not reaching the results (Положение п.10.2; МР п.5) ---------------------------------


class RiskForm(StyledModelForm):
    class Meta:
        model = ProjectRisk
        fields = ["risk", "probability", "impact", "owner", "mitigation"]
        widgets = {"risk": forms.TextInput(), "mitigation": forms.Textarea(attrs={"rows": 2})}


RiskFormSet = inlineformset_factory(
    Project, ProjectRisk, form=RiskForm, formset=StyledInlineFormSet, extra=1, can_delete=True, **CARD_ROWS
)
