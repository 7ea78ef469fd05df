"""Forms of the map editor. They turn what a person typed into clean values and say what is wrong
next to the field (issue 4 «Bad input»); the rules of the regulation live in `maps.services`, which
the views call with the cleaned values."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from leanproj import limits
from projects.forms import StyledForm

from .choices import STEP_SYMBOLS, DurationUnit, StepKind, ValueClass
from .durations import MAX_WORKING_DAYS, decimal_text, from_minutes, to_minutes, working_day_minutes
from .models import Lane, Problem, Step, WasteType
from .uploads import MAX_BYTES

# Checkboxes are drawn by templates/maps/partials/field.html in a scrollable box, so that a
# 60-step map does not make the form a page long.
CheckboxList = forms.CheckboxSelectMultiple


def _waste_field(label=None) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label or _("Виды потерь"),
        queryset=WasteType.objects.filter(is_active=True).order_by("number"),
        required=False,
        widget=CheckboxList,
    )


class LaneForm(StyledForm):
    name = forms.CharField(
        label=_("Участник"),
        max_length=200,
        help_text=_("Должность, подразделение или организация: «Специалист ОСПН», «МФЦ», «Заявитель»."),
        error_messages={"required": _("Назовите участника: должность, подразделение или «Заявитель».")},
    )
    is_client = forms.BooleanField(
        label=_("Это заявитель (получатель услуги)"),
        required=False,
        help_text=_("Шаги в этой дорожке считаются действиями заявителя."),
    )

    @classmethod
    def for_lane(cls, lane: Lane, data=None, **kwargs):
        return cls(data, initial={"name": lane.name, "is_client": lane.is_client}, **kwargs)


class StepForm(StyledForm):
    """A step of the map (Прил. 2) with its duration in minutes, hours or working days."""

    lane = forms.ModelChoiceField(
        label=_("Кто выполняет"),
        queryset=Lane.objects.none(),
        empty_label=_("— выберите участника —"),
        error_messages={
            "required": _("Выберите участника (дорожку), который выполняет шаг."),
            "invalid_choice": _("Такого участника на карте нет — выберите из списка."),
        },
    )
    name = forms.CharField(
        label=_("Что происходит"),
        max_length=300,
        help_text=_("Коротко, с глагола: «Принять заявление», «Ждать ответа из СФР»."),
        error_messages={"required": _("Напишите, что происходит на шаге, например «Принять заявление».")},
    )
    kind = forms.ChoiceField(
        label=_("Вид шага"),
        choices=[(k.value, f"{STEP_SYMBOLS[k.value]} {k.label}") for k in StepKind],
        initial=StepKind.OPERATION,
    )
    value_class = forms.ChoiceField(
        label=_("Ценность для заявителя"), choices=ValueClass.choices, initial=ValueClass.NECESSARY
    )
    waste_types = _waste_field(_("Виды потерь (только для шагов с потерями)"))
    duration_value = forms.DecimalField(
        label=_("Длительность"),
        max_digits=10,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "required": _("Укажите длительность шага: сколько минут, часов или рабочих дней он занимает."),
            "invalid": _("Введите число, например 15 или 1,5."),
            "max_digits": _("Слишком длинное число — проверьте длительность."),
            "max_decimal_places": _("Не больше двух знаков после запятой."),
            "max_whole_digits": _("Слишком длинное число — проверьте длительность."),
        },
    )
    duration_unit = forms.ChoiceField(
        label=_("Единица"), choices=DurationUnit.choices, initial=DurationUnit.MINUTES
    )
    documents = forms.CharField(
        max_length=limits.SHORT_TEXT,
        label=_("Документы"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Какие документы нужны или появляются на шаге — по одному в строке."),
    )
    client_action = forms.BooleanField(
        label=_("Участвует заявитель"),
        required=False,
        help_text=_("Шаги в дорожке заявителя отмечать не нужно — они считаются сами."),
    )
    visit = forms.BooleanField(label=_("Заявитель приходит лично (визит)"), required=False)

    def __init__(self, *args, process_map=None, edit: Step | None = None, **kwargs):
        if edit is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "lane": edit.lane_id,
                "name": edit.name,
                "kind": edit.kind,
                "value_class": edit.value_class,
                "waste_types": list(edit.waste_types.all()),
                "duration_value": decimal_text(from_minutes(edit.duration_minutes, edit.duration_unit)),
                "duration_unit": edit.duration_unit,
                "documents": edit.documents,
                "client_action": edit.client_action,
                "visit": edit.visit,
                "number": edit.order,
            }
        super().__init__(*args, **kwargs)
        steps = list(process_map.steps.all()) if process_map is not None else []
        self.fields["lane"].queryset = (
            process_map.lanes.all() if process_map is not None else Lane.objects.none()
        )
        if edit is None:
            choices = [("", _("в конец"))]
            if steps:
                choices.append(("1", _("в начало, перед шагом 1")))
            # «after the last step» is «at the end», already the first choice
            choices += [
                (str(n + 1), _("после шага %(n)s: %(name)s") % {"n": n, "name": step.name[:60]})
                for n, step in enumerate(steps[:-1], start=1)
            ]
            self.fields["position"] = forms.TypedChoiceField(
                label=_("Место в процессе"),
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                error_messages={
                    "invalid_choice": _(
                        "Выберите место из списка — карта могла измениться, обновите страницу."
                    )
                },
            )
        else:
            self.fields["number"] = forms.IntegerField(
                label=_("№ шага"),
                min_value=1,
                max_value=max(len(steps), 1),
                help_text=_("Поменяйте номер, чтобы переставить шаг."),
                error_messages={
                    "required": _("Укажите номер шага."),
                    "min_value": _("Номера шагов идут подряд: от 1 до %(n)s.") % {"n": max(len(steps), 1)},
                    "max_value": _("Номера шагов идут подряд: от 1 до %(n)s.") % {"n": max(len(steps), 1)},
                    "invalid": _("Номер — целое число."),
                },
            )
        self._style()

    def clean(self):
        data = super().clean()
        value: Decimal | None = data.get("duration_value")
        unit = data.get("duration_unit") or DurationUnit.MINUTES
        if value is not None:
            if value <= 0:
                self.add_error("duration_value", _("Длительность должна быть больше нуля."))
            else:
                minutes = to_minutes(value, unit)
                if minutes < 1:
                    self.add_error(
                        "duration_value", _("Это меньше минуты: укажите длительность в минутах, не меньше 1.")
                    )
                elif minutes > MAX_WORKING_DAYS * working_day_minutes():
                    self.add_error(
                        "duration_value",
                        _(
                            "Слишком большая длительность — больше %(n)s рабочих дней. Проверьте единицу измерения."
                        )
                        % {"n": MAX_WORKING_DAYS},
                    )
                else:
                    data["duration_minutes"] = minutes
        value_class = data.get("value_class")
        waste = data.get("waste_types") or []
        if value_class == ValueClass.WASTE and not waste and "waste_types" not in self.errors:
            self.add_error("waste_types", _("Отметьте, какие это потери: хотя бы один вид."))
        if value_class and value_class != ValueClass.WASTE and waste:
            self.add_error(
                "waste_types",
                _(
                    "Виды потерь отмечаются только у шагов с ценностью «Потери». Снимите отметки или поменяйте ценность шага."
                ),
            )
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "lane": d["lane"],
            "name": d["name"],
            "kind": d["kind"],
            "value_class": d["value_class"],
            "duration_minutes": d["duration_minutes"],
            "duration_unit": d["duration_unit"],
            "waste_types": list(d.get("waste_types") or []),
            "documents": d.get("documents", ""),
            "client_action": d.get("client_action", False),
            "visit": d.get("visit", False),
        }


class _NumberedForm(StyledForm):
    number = forms.IntegerField(
        label=_("№"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"style": "max-width:6rem"}),
        error_messages={"invalid": _("Номер — целое число."), "min_value": _("Номера начинаются с 1.")},
    )

    def __init__(self, *args, count: int = 0, adding: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].help_text = (
            _("Пусто — следующий по порядку (%(n)s). Номер из середины сдвинет остальные.") % {"n": count + 1}
            if adding
            else _("От 1 до %(n)s; другие номера сдвинутся.") % {"n": count}
        )
        self.fields["number"].widget.attrs.update({"min": 1, "max": count + 1 if adding else count})


class ProblemForm(_NumberedForm):
    """A numbered problem of the current map (Прил. 2)."""

    text = forms.CharField(
        max_length=limits.SHORT_TEXT,
        label=_("Проблема"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Что мешает заявителю или сотрудникам: «Заявитель трижды приходит за справками»."),
        error_messages={"required": _("Опишите проблему: что именно мешает заявителю или сотрудникам.")},
    )
    steps = forms.ModelMultipleChoiceField(
        label=_("На каких шагах"), queryset=Step.objects.none(), required=False, widget=CheckboxList
    )
    waste_types = _waste_field()

    field_order = ["number", "text", "steps", "waste_types"]

    def __init__(self, *args, process_map=None, edit: Problem | None = None, **kwargs):
        if edit is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "number": edit.number,
                "text": edit.text,
                "steps": list(edit.steps.all()),
                "waste_types": list(edit.waste_types.all()),
            }
        count = process_map.problems.count() if process_map is not None else 0
        super().__init__(*args, count=count, adding=edit is None, **kwargs)
        self.fields["steps"].queryset = (
            process_map.steps.select_related("lane") if process_map is not None else Step.objects.none()
        )
        self.fields["steps"].label_from_instance = lambda s: f"{s.order}. {s.name} ({s.lane.name})"


class ProposalForm(_NumberedForm):
    """A numbered improvement proposal of the target map, linked to the problems it solves."""

    text = forms.CharField(
        max_length=limits.SHORT_TEXT,
        label=_("Предложение по улучшению"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Что меняем: «Запрашивать справки через СМЭВ без участия заявителя»."),
        error_messages={"required": _("Опишите предложение: что и как меняется в процессе.")},
    )
    problems = forms.ModelMultipleChoiceField(
        label=_("Решает проблемы"),
        queryset=Problem.objects.none(),
        widget=CheckboxList,
        error_messages={"required": _("Отметьте проблемы, которые решает предложение.")},
    )
    steps = forms.ModelMultipleChoiceField(
        label=_("Шаги целевой карты, которых касается"),
        queryset=Step.objects.none(),
        required=False,
        widget=CheckboxList,
    )

    field_order = ["number", "text", "problems", "steps"]

    def __init__(self, *args, process_map=None, current_map=None, edit=None, **kwargs):
        if edit is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "number": edit.number,
                "text": edit.text,
                "problems": list(edit.problems.all()),
                "steps": list(edit.steps.all()),
            }
        count = process_map.proposals.count() if process_map is not None else 0
        super().__init__(*args, count=count, adding=edit is None, **kwargs)
        self.fields["problems"].queryset = (
            current_map.problems.all() if current_map is not None else Problem.objects.none()
        )
        self.fields["problems"].label_from_instance = lambda p: f"{p.number}. {p.text}"
        self.fields["steps"].queryset = (
            process_map.steps.select_related("lane") if process_map is not None else Step.objects.none()
        )
        self.fields["steps"].label_from_instance = lambda s: f"{s.order}. {s.name} ({s.lane.name})"


class ReasonForm(StyledForm):
    reason = forms.CharField(
        max_length=limits.SHORT_TEXT,
        label=_("Почему предложения нет"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Например: «решается вне проекта — требует изменения регионального закона»."),
    )


class PhotoForm(StyledForm):
    photo = forms.FileField(
        label=_("Фото или скан бумажной карты"),
        help_text=_("JPEG, PNG или PDF, не больше %(mb)s МБ.") % {"mb": MAX_BYTES // (1024 * 1024)},
        error_messages={
            "required": _("Выберите файл: фотографию, скан или PDF карты."),
            "empty": _("Файл пустой. Выберите фотографию, скан или PDF карты."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
