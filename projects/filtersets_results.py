"""Filters of the best-practice catalogue (Положение п.31) and of the complaints registry (МР п.10)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.models import Department

from .choices import ComplaintChannel, ComplaintDecision, Status
from .filtersets import YearFilter, one_empty_option
from .models import Complaint, Practice

SELECTS = {"area", "department", "channel", "decision", "stage", "replicated", "urgency"}


def _style(filterset) -> None:
    one_empty_option(filterset.form)
    for name, field in filterset.form.fields.items():
        css = "form-select form-select-sm" if name in SELECTS else "form-control form-control-sm"
        field.widget.attrs.setdefault("class", css)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PracticeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Поиск"), method="search")
    area = django_filters.ChoiceFilter(label=_("Сфера"), choices=[], method="by_area")
    department = django_filters.ModelChoiceFilter(
        label=_("Подразделение-автор"), queryset=Department.objects.none(), field_name="project__department"
    )
    year = YearFilter(label=_("Год внесения"), field_name="published_at")
    replicated = django_filters.BooleanFilter(label=_("Тиражировалась"), method="by_replicated")

    class Meta:
        model = Practice
        fields = ["q", "area", "department", "year", "replicated"]

    def __init__(self, *args, user=None, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["area"].extra["choices"] = [(a, a) for a in areas]
        self.form.fields["area"].choices = [(a, a) for a in areas]
        self.form.fields["department"].queryset = (
            Department.objects.filter(
                municipality_id=getattr(user, "municipality_id", None), projects__practice__isnull=False
            )
            .distinct()
            .order_by("name")
        )
        _style(self)

    def search(self, queryset, name, value):
        """Search over what a civil servant would type: the process, the area, key words, the effect,
        the project's title and number."""
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for word in value.split():
            condition &= (
                Q(title__icontains=word)
                | Q(process__icontains=word)
                | Q(area__icontains=word)
                | Q(tags__icontains=word)
                | Q(effect__icontains=word)
                | Q(project__title__icontains=word)
                | Q(project__number__icontains=word)
            )
        return queryset.filter(condition)

    def by_area(self, queryset, name, value):
        return queryset.filter(area__iexact=value) if value else queryset

    def by_replicated(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(project__replications__isnull=not value).distinct()


class ComplaintFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Поиск"), method="search")
    channel = django_filters.ChoiceFilter(label=_("Канал"), choices=ComplaintChannel.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("Подразделение"), queryset=Department.objects.none()
    )
    received_from = django_filters.DateFilter(
        label=_("Поступило с"), field_name="received_on", lookup_expr="gte", widget=DateInput()
    )
    received_to = django_filters.DateFilter(
        label=_("по"), field_name="received_on", lookup_expr="lte", widget=DateInput()
    )
    decision = django_filters.ChoiceFilter(label=_("Решение"), choices=ComplaintDecision.choices)
    stage = django_filters.ChoiceFilter(
        label=_("Стадия проекта"), choices=Status.choices, field_name="project__status"
    )

    class Meta:
        model = Complaint
        fields = ["q", "channel", "department", "received_from", "received_to", "decision", "stage"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["department"].queryset = Department.objects.filter(
            municipality_id=getattr(user, "municipality_id", None)
        ).order_by("name")
        for name in ("received_from", "received_to"):
            self.form.fields[name].error_messages["invalid"] = _("Введите дату, например 05.06.2026.")
            self.form.fields[name].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        _style(self)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(text__icontains=value)
            | Q(project__title__icontains=value)
            | Q(project__number__icontains=value)
        )

    def conditions(self) -> list[tuple[str, object]]:
        """The filter as «параметр — значение» rows for the export."""
        rows = []
        if not self.is_bound or not self.form.is_valid():
            return rows
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if hasattr(field, "choices") and not hasattr(value, "pk"):
                value = dict(field.choices).get(value, value)
            rows.append((str(field.label), value if not hasattr(value, "pk") else str(value)))
        return rows
