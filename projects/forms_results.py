"""Forms of the results report, the defence and the mayor's decision, the best-practice base and the
complaints registry (Положение п.24–31; МР п.9–10). Rules live in the services; forms check input and
answer next to the field, keeping what was typed."""

from __future__ import annotations

from django import forms
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from leanproj import limits
from org.models import Department, User
from org.selectors import departments_headed_by
from workdays import clock

from . import complaints as complaint_rules
from .choices import Achievement, ComplaintDecision, PhotoKind
from .forms import DateInput, DateTimeInput, StyledForm, StyledModelForm
from .models import Complaint, IndicatorResult, LegalAct, Practice, Project, ResultsReport

NUMBER_ERROR = _("Введите число, например 12 или 12,5.")


class LooseDecimalField(forms.DecimalField):
    """A number as people type it: «135 000», «12,5»."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        return super().to_python(value)


def _decimal_input(field) -> None:
    field.localize = True
    field.widget = forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"})
    field.widget.is_localized = True
    field.error_messages["invalid"] = NUMBER_ERROR


# --- The results report (п.24) -------------------------------------------------------------------


class ReportForm(StyledModelForm):
    class Meta:
        model = ResultsReport
        fields = ["summary", "staff_hours_per_year", "money_per_year", "effect_calculation", "other_effects"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "effect_calculation": forms.Textarea(attrs={"rows": 3}),
            "other_effects": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"staff_hours_per_year": LooseDecimalField, "money_per_year": LooseDecimalField}
        help_texts = {
            "staff_hours_per_year": _(
                "Сколько рабочего времени сотрудников высвобождено за год; 0 — если не высвобождено."
            ),
            "money_per_year": _("Экономия бюджета и иных средств за год; 0 — если денежного эффекта нет."),
            "effect_calculation": _(
                "Например: «12 мин × 1 500 заявлений в год = 300 чел.-ч; 300 ч × 450 ₽ = 135 000 ₽»."
            ),
            "other_effects": _("Меньше визитов и документов, жалоб, выше удовлетворённость — словами."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("staff_hours_per_year", "money_per_year"):
            _decimal_input(self.fields[name])

    def _not_negative(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and value < 0:
            raise forms.ValidationError(
                _("Эффект не может быть отрицательным; если затраты выросли, опишите это в иных эффектах.")
            )
        return value

    def clean_staff_hours_per_year(self):
        return self._not_negative("staff_hours_per_year")

    def clean_money_per_year(self):
        return self._not_negative("money_per_year")


class IndicatorResultForm(StyledModelForm):
    class Meta:
        model = IndicatorResult
        fields = ["actual_value", "comment"]
        widgets = {"comment": forms.TextInput()}
        field_classes = {"actual_value": LooseDecimalField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _decimal_input(self.fields["actual_value"])
        self.fields["actual_value"].label = _("Фактическое значение")
        self.fields["comment"].label = _("Комментарий, источник данных")


IndicatorResultFormSet = modelformset_factory(
    IndicatorResult, form=IndicatorResultForm, extra=0, can_delete=False
)


class LegalActForm(StyledModelForm):
    class Meta:
        model = LegalAct
        fields = ["kind", "number", "adopted_on", "title"]
        widgets = {"adopted_on": DateInput(), "title": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_on"].error_messages["required"] = _("Укажите дату принятия акта.")
        self.fields["adopted_on"].error_messages["invalid"] = _("Введите дату, например 05.06.2026.")
        self.fields["adopted_on"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]

    def clean_adopted_on(self):
        value = self.cleaned_data.get("adopted_on")
        if value and value > clock.today():
            raise forms.ValidationError(_("Дата принятия акта не может быть в будущем."))
        return value


class PhotoForm(StyledForm):
    kind = forms.ChoiceField(label=_("Состояние"), choices=PhotoKind.choices)
    caption = forms.CharField(
        label=_("Подпись"), max_length=300, help_text=_("Что на фотографии и где она снята.")
    )
    image = forms.FileField(
        label=_("Фотография"),
        help_text=_("JPEG или PNG, не больше 10 МБ."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].error_messages["required"] = _("Выберите файл фотографии.")
        self.fields["caption"].error_messages["required"] = _("Подпишите фотографию: что на ней и где снято.")

    def clean_image(self):
        from .results import check_image

        upload = self.cleaned_data.get("image")
        if upload is not None:
            check_image(upload)
        return upload


# --- The coordinator's review and the mayor's decision (п.25–29) -------------------------------


class RecommendForm(StyledForm):
    defence_at = forms.DateTimeField(
        label=_("Дата и время защиты"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        error_messages={
            "required": _("Укажите дату и время защиты (завершающего совещания, п.26)."),
            "invalid": _("Введите дату и время, например 05.06.2026 10:00."),
        },
    )
    place = forms.CharField(label=_("Место проведения"), max_length=300, required=False)
    comment = forms.CharField(
        max_length=limits.SHORT_TEXT,
        label=_("Комментарий"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_defence_at(self):
        value = self.cleaned_data.get("defence_at")
        if value and value < clock.now():
            raise forms.ValidationError(_("Дата и время защиты уже прошли — укажите будущие."))
        return value


class SendForm(StyledForm):
    """The covering comment of a report sent to the coordinator (п.25)."""

    comment = forms.CharField(
        label=_("Сопроводительный комментарий"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RemarksForm(StyledForm):
    """Remarks of a return: the coordinator's to the report (п.25), the mayor's reason (п.29)."""

    comment = forms.CharField(
        max_length=limits.SHORT_TEXT, label=_("Замечания к отчёту"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["comment"].label = label
        self.fields["comment"].error_messages["required"] = _("Заполните поле «%(what)s».") % {
            "what": self.fields["comment"].label
        }


class DecisionForm(StyledForm):
    achievement = forms.ChoiceField(
        label=_("Степень достижения целей проекта"),
        choices=[("", "—")] + list(Achievement.choices),
        error_messages={"required": _("Выберите степень достижения целей проекта (п.29).")},
    )
    comment = forms.CharField(
        max_length=limits.SHORT_TEXT,
        label=_("Комментарий к решению"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- The best-practice base (п.30–31) ----------------------------------------------------------


class PracticeForm(StyledModelForm):
    class Meta:
        model = Practice
        fields = ["title", "process", "area", "tags", "effect"]
        widgets = {
            "title": forms.TextInput(),
            "process": forms.TextInput(),
            "effect": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, areas: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if areas:
            self.fields["area"].widget.attrs["list"] = "practice-areas"
        self.areas = areas or []


class ReplicateForm(StyledForm):
    title = forms.CharField(
        label=_("Наименование нового проекта"),
        max_length=500,
        help_text=_("Уточните под свой процесс: что улучшаем, а не как."),
    )
    department = forms.ModelChoiceField(
        label=_("Подразделение, в котором тиражируется практика"), queryset=Department.objects.none()
    )

    def __init__(self, *args, practice: Practice, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice
        # a replication is a new project: only in a department this person heads (Положение п.13)
        self.fields["department"].queryset = departments_headed_by(user=user).filter(
            municipality_id=practice.project.municipality_id
        )
        self.fields["department"].error_messages["required"] = _("Выберите подразделение.")
        self.fields["department"].error_messages["invalid_choice"] = _(
            "Практику тиражирует руководитель подразделения (п.13): выберите подразделение, которым вы руководите или где вы заместитель руководителя."
        )
        if not self.is_bound:
            self.fields["title"].initial = practice.project.title
            if user.department_id and user.department_id != practice.project.department_id:
                self.fields["department"].initial = user.department_id

    def clean_department(self):
        from .practices import same_department_refusal

        department = self.cleaned_data.get("department")
        if department is not None:
            refusal = same_department_refusal(self.practice, department)
            if refusal:
                raise forms.ValidationError(refusal)
        return department


# --- Complaints (МР п.9–10) --------------------------------------------------------------------


PRIORITIES = [(1, _("1 — наивысший")), (2, "2"), (3, "3"), (4, "4"), (5, _("5 — низший"))]


class ComplaintForm(StyledModelForm):
    priority = forms.TypedChoiceField(label=_("Приоритет"), choices=PRIORITIES, coerce=int, initial=3)

    class Meta:
        model = Complaint
        fields = ["channel", "number", "received_on", "text", "department", "urgency", "priority"]
        widgets = {"received_on": DateInput(), "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        departments = complaint_rules.routable_departments(user)
        if self.instance.pk and self.instance.department_id:
            departments = departments | Department.objects.filter(pk=self.instance.department_id)
        self.fields["department"].queryset = departments.distinct().order_by("name")
        # МР п.10: the Отдел информационной политики takes in the ЦУР's messages only
        channels = complaint_rules.recordable_channels(user)
        if channels and not self.instance.pk:
            self.fields["channel"].choices = [c for c in self.fields["channel"].choices if c[0] in channels]
            if len(channels) == 1:
                self.fields["channel"].initial = channels[0]
        if not self.is_bound and not self.instance.pk and departments.count() == 1:
            self.fields["department"].initial = departments.first().pk
        self.fields["received_on"].error_messages["required"] = _("Укажите дату поступления обращения.")
        self.fields["received_on"].error_messages["invalid"] = _("Введите дату, например 05.06.2026.")
        self.fields["received_on"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        self.fields["number"].error_messages["required"] = _("Укажите номер обращения.")
        self.fields["text"].error_messages["required"] = _("Изложите суть обращения.")
        self.fields["department"].error_messages["required"] = _(
            "Выберите подразделение для первичного анализа."
        )

    def clean_received_on(self):
        value = self.cleaned_data.get("received_on")
        if value and value > clock.today():
            raise forms.ValidationError(_("Дата поступления не может быть в будущем."))
        return value

    def clean(self):
        data = super().clean()
        channel, number = data.get("channel"), (data.get("number") or "").strip()
        if channel and number:
            found = complaint_rules.duplicate_of(
                municipality_id=self.user.municipality_id,
                channel=channel,
                number=number,
                exclude_pk=self.instance.pk,
            )
            if found is not None:
                self.add_error("number", complaint_rules.duplicate_message(found))
        return data


class ComplaintDecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Решение"),
        choices=[(c.value, c.label) for c in ComplaintDecision if c != ComplaintDecision.PENDING],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        max_length=limits.SHORT_TEXT,
        label=_("Обоснование решения"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    project_title = forms.CharField(
        label=_("Наименование нового проекта"),
        max_length=500,
        required=False,
        help_text=_("Что улучшаем, а не как: «Сокращение срока вывоза крупногабаритного мусора»."),
    )
    existing = forms.ModelChoiceField(
        label=_("…или присоединить к действующему проекту подразделения"),
        queryset=Project.objects.none(),
        required=False,
    )

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["existing"].queryset = complaint_rules.open_projects_for(complaint)
        self.fields["existing"].label_from_instance = lambda p: f"№ {p.number} {p.title}"
        self.fields["decision"].widget.attrs.pop("class", None)
        self.fields["decision"].error_messages["required"] = _("Выберите решение по обращению.")

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if (
            decision == ComplaintDecision.PROJECT
            and not data.get("existing")
            and not (data.get("project_title") or "").strip()
        ):
            self.add_error(
                "project_title", _("Укажите наименование проекта или выберите действующий проект.")
            )
        if decision == ComplaintDecision.NO_ACTION and not (data.get("note") or "").strip():
            self.add_error("note", _("Укажите, почему меры по обращению не требуются."))
        return data
