import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.choices import Role
from org.models import Department, User
from workdays import clock

from .choices import Source, Status
from .models import Deadline, Project


class YearFilter(django_filters.NumberFilter):
    """A year of this century: «-1» or «99999» in the address made the year lookup raise ValueError
    (found by the query-string tests, issue 13); now the filter form says what is wrong."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", 2000)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


def one_empty_option(form, label=None) -> None:
    """Each single-choice filter offers one empty option, worded «Все», not django-filter's
    «---------» (issue 21)."""
    label = label or _("Все")
    for field in form.fields.values():
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            continue
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = label
        elif isinstance(field, forms.ChoiceField):
            choices = [c for c in field.choices if c[0] not in ("", None)]
            if hasattr(field, "empty_label"):  # django-filter's ChoiceField adds it itself
                field.empty_label = label
                field.choices = choices
            else:
                field.choices = [("", label), *choices]


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Поиск"), method="search")
    status = django_filters.MultipleChoiceFilter(label=_("Стадия"), choices=Status.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("Подразделение"), queryset=Department.objects.none()
    )
    coordinator = django_filters.ModelChoiceFilter(
        label=_("Координатор"), queryset=User.objects.none(), method="by_coordinator"
    )
    source = django_filters.ChoiceFilter(label=_("Источник"), choices=Source.choices)
    year = YearFilter(label=_("Год"), field_name="created_at")
    overdue = django_filters.BooleanFilter(label=_("Есть просроченные сроки"), method="by_overdue")

    class Meta:
        model = Project
        fields = ["q", "status", "department", "coordinator", "source", "year", "overdue"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        municipality_id = getattr(user, "municipality_id", None)
        self.filters["department"].queryset = Department.objects.filter(municipality_id=municipality_id)
        self.filters["coordinator"].queryset = User.objects.filter(
            municipality_id=municipality_id, role_assignments__role=Role.COORDINATOR
        ).distinct()
        for name, f in self.form.fields.items():
            css = (
                "form-select form-select-sm"
                if name in {"status", "department", "coordinator", "source", "overdue"}
                else "form-control form-control-sm"
            )
            f.widget.attrs.setdefault("class", css)
        self.form.fields["status"].widget.attrs["size"] = 1
        one_empty_option(self.form)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(number__icontains=value)
            | Q(process_owner__icontains=value)
            | Q(source_reference__icontains=value)
        )

    def by_coordinator(self, queryset, name, value):
        return (
            queryset.filter(Q(coordinator=value) | Q(department__direction__coordinator=value))
            if value
            else queryset
        )

    def by_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue_ids = Deadline.objects.open().filter(due_on__lt=clock.today()).values("project_id")
        return queryset.filter(pk__in=overdue_ids) if value else queryset.exclude(pk__in=overdue_ids)
