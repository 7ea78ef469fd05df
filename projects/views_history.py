"""«История изменений» of a project (issue 13): who changed which field of the card, the plan, the
maps and the surveys, and when — every save through a model form or a service, recorded by
django-simple-history with the signed-in person (HistoryRequestMiddleware).

Acts of legal weight (submit, approve, sign …) are in the journal, not here. Writes made with
`QuerySet.update()` or `bulk_create()` bypass the history (the board's column moves, renumbering
after a deletion, copying a map): the page says so.

The page reads a fixed number of queries whatever the length of the history: one per tracked model
and many-to-many field, one per kind of related object named in a value; diffs are computed in
Python from consecutive records of the same object."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from maps.choices import MapKind
from maps.models import Lane, Problem, ProcessMap, Proposal, Step
from surveys.models import Survey

from .models import Activity, PlanRevision, Project, ProjectMember, Stakeholder, TargetIndicator
from .views import ProjectMixin

PAGE_SIZE = 50
MERGE_WINDOW = dt.timedelta(seconds=5)  # records of one save (the row, then its links)
TEXT_LIMIT = 300  # a long text is cut on the page; the whole text is in the card, plan or map


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    at: dt.datetime
    author: str
    kind: str  # «+» created, «~» changed, «-» deleted
    area: str
    object_label: str
    changes: list[FieldChange] = field(default_factory=list)
    sort_key: tuple = ()

    @property
    def kind_label(self) -> str:
        return {"+": _("создание"), "~": _("изменение"), "-": _("удаление")}[self.kind]


def _short(text: Any, limit: int = 80) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# model -> (area on the page, how a record names its object)
def _label_project(r: dict) -> str:
    return f"«{_short(r['title'])}»"


def _label_named(r: dict) -> str:
    return f"«{_short(r.get('name', ''))}»"


def _label_member(r: dict, users: dict) -> str:
    return users.get(r["user_id"], f"№ {r['user_id']}")


def _label_revision(r: dict) -> str:
    return f"№ {r['number']}"


def _label_activity(r: dict) -> str:
    return f"№ {r['number']} «{_short(r['title'], 60)}»"


def _label_map(r: dict) -> str:
    return str(MapKind(r["kind"]).label) if r["kind"] in MapKind.values else r["kind"]


def _label_step(r: dict) -> str:
    return f"№ {r['order']} «{_short(r['name'], 60)}»"


def _label_numbered_text(r: dict) -> str:
    return f"№ {r['number']} «{_short(r['text'], 60)}»"


def _label_survey(r: dict) -> str:
    from surveys.choices import Phase

    phase = str(Phase(r["phase"]).label) if r["phase"] in Phase.values else r["phase"]
    return f"({phase.lower()}) «{_short(r.get('process_name') or '')}»"


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    area: str
    label: Any


SOURCES = [
    Source(Project, _("Карточка"), _label_project),
    Source(TargetIndicator, _("Карточка"), _label_named),
    Source(Stakeholder, _("Карточка"), _label_named),
    Source(ProjectMember, _("Карточка"), None),  # named by the member, resolved below
    Source(PlanRevision, _("План мероприятий"), _label_revision),
    Source(Activity, _("План мероприятий"), _label_activity),
    Source(ProcessMap, _("Карты процесса"), _label_map),
    Source(Lane, _("Карты процесса"), _label_named),
    Source(Step, _("Карты процесса"), _label_step),
    Source(Problem, _("Карты процесса"), _label_numbered_text),
    Source(Proposal, _("Карты процесса"), _label_numbered_text),
    Source(Survey, _("Анкетирование"), _label_survey),
]


def _historical_querysets(project: Project) -> dict[type[models.Model], models.QuerySet]:
    """The historical records of every tracked object of the project, deleted ones included."""
    revisions = PlanRevision.history.filter(project_id=project.pk).values("id")
    maps = ProcessMap.history.filter(project_id=project.pk).values("id")
    return {
        Project: Project.history.filter(id=project.pk),
        TargetIndicator: TargetIndicator.history.filter(project_id=project.pk),
        Stakeholder: Stakeholder.history.filter(project_id=project.pk),
        ProjectMember: ProjectMember.history.filter(project_id=project.pk),
        PlanRevision: PlanRevision.history.filter(project_id=project.pk),
        Activity: Activity.history.filter(revision_id__in=revisions),
        ProcessMap: ProcessMap.history.filter(project_id=project.pk),
        Lane: Lane.history.filter(process_map_id__in=maps),
        Step: Step.history.filter(process_map_id__in=maps),
        Problem: Problem.history.filter(process_map_id__in=maps),
        Proposal: Proposal.history.filter(process_map_id__in=maps),
        Survey: Survey.history.filter(project_id=project.pk),
    }


def _tracked_fields(model) -> list[models.Field]:
    history = model.history.model
    names = {f.name for f in history.instance_type._meta.concrete_fields}
    tracked = {f.attname for f in history.tracked_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.name in names and f.attname in tracked and f.editable and not f.primary_key
    ]


def _history_m2m_names(model) -> list[str]:
    return [f.name for f in model.history.model._history_m2m_fields]


class _Names:
    """Names of related objects, fetched once per related model for the whole page."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = {}
        self.known: dict[type[models.Model], dict] = {}

    def want(self, model, pk) -> None:
        if pk is not None:
            self.wanted.setdefault(model, set()).add(pk)

    def provide(self, model, names: dict) -> None:
        self.known.setdefault(model, {}).update(names)

    def resolve(self) -> None:
        User = get_user_model()
        for model, ids in self.wanted.items():
            missing = ids - set(self.known.get(model, {}))
            if not missing:
                continue
            if model is User:
                rows = model.objects.filter(pk__in=missing)
                self.provide(model, {u.pk: u.full_name or u.username for u in rows})
            else:
                self.provide(
                    model,
                    {o.pk: getattr(o, "name", None) or str(o) for o in model.objects.filter(pk__in=missing)},
                )

    def name(self, model, pk) -> str:
        if pk is None:
            return "—"
        return self.known.get(model, {}).get(pk) or _("№ %(id)s (удалён)") % {"id": pk}


def _format(field_: models.Field, value, names: _Names) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(field_, models.ForeignKey):
        return names.name(field_.related_model, value)
    if field_.choices:
        return str(dict(field_.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("да") if value else _("нет")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "d.m.Y H:i")
    if isinstance(value, dt.date):
        return formats.date_format(value, "d.m.Y")
    if isinstance(value, Decimal):
        return formats.number_format(value.normalize() if value == value.to_integral() else value)
    if isinstance(field_, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    return _short(value, TEXT_LIMIT)


def _format_set(field_: models.ManyToManyField, ids: frozenset, names: _Names) -> str:
    if not ids:
        return "—"
    return ", ".join(sorted(names.name(field_.related_model, pk) for pk in ids))


def _edits(records: list[dict], attnames: list[str]):
    """Groups the records of each object into edits: one save writes the row and then its
    many-to-many links (records right after it, by the same person, with the same field values).
    Yields the record before the edit (None for the object's first) and the records of the edit."""
    baseline: dict | None = None
    group: list[dict] = []
    for record in records:
        if group and (
            record["id"] != group[0]["id"]
            or record["history_user_id"] != group[0]["history_user_id"]
            or record["history_date"] - group[0]["history_date"] > MERGE_WINDOW
            or group[-1]["history_type"] == "-"
            or any(record.get(a) != group[-1].get(a) for a in attnames)
        ):
            yield baseline, group
            baseline = group[-1] if record["id"] == group[0]["id"] else None
            group = []
        group.append(record)
    if group:
        yield baseline, group


def project_history(project: Project) -> list[HistoryRow]:
    """Every recorded edit of the project's card, plan, maps and surveys, newest first."""
    User = get_user_model()
    names = _Names()
    loaded: list[tuple[Source, list[dict], dict[str, dict[int, frozenset]]]] = []
    for source in SOURCES:
        model = source.model
        qs = _historical_querysets(project)[model]
        records = list(qs.order_by("id", "history_date", "history_id").values())
        m2m: dict[str, dict[int, frozenset]] = {}
        for name in _history_m2m_names(model):
            m2m_model = getattr(model.history.model, name).model
            related_field = model._meta.get_field(name)
            column = related_field.m2m_reverse_field_name()
            sets: dict[int, set] = {}
            for history_id, related_id in m2m_model.objects.filter(
                history_id__in=[r["history_id"] for r in records]
            ).values_list("history_id", f"{column}_id"):
                sets.setdefault(history_id, set()).add(related_id)
                names.want(related_field.related_model, related_id)
            m2m[name] = {k: frozenset(v) for k, v in sets.items()}
        for record in records:
            names.want(User, record["history_user_id"])
            for f in _tracked_fields(model):
                if isinstance(f, models.ForeignKey):
                    names.want(f.related_model, record.get(f.attname))
        loaded.append((source, records, m2m))

    # Objects tracked here name themselves by their latest record (deleted ones too).
    for source, records, _m2m in loaded:
        if source.label is not None and source.model in (ProcessMap, Lane, Step, Problem):
            names.provide(
                source.model, {r["id"]: source.label(r) for r in records}
            )  # later records win: the latest name
    names.resolve()
    users = names.known.get(User, {})

    rows: list[HistoryRow] = []
    for source, records, m2m in loaded:
        model = source.model
        fields = [f for f in _tracked_fields(model) if f.name not in ("project", "process_map", "revision")]
        m2m_fields = [model._meta.get_field(n) for n in _history_m2m_names(model)]
        verbose = str(model._meta.verbose_name)

        def values(record, fields=fields, m2m_fields=m2m_fields, m2m=m2m):
            out = {f: _format(f, record.get(f.attname), names) for f in fields}
            for f in m2m_fields:
                out[f] = _format_set(f, m2m.get(f.name, {}).get(record["history_id"], frozenset()), names)
            return out

        for baseline, group in _edits(records, [f.attname for f in _tracked_fields(model)]):
            final = group[-1]
            if final["history_type"] == "-":
                kind, changes = "-", []
            elif baseline is None:
                kind = "+" if group[0]["history_type"] == "+" else "~"
                changes = [
                    FieldChange(str(f.verbose_name), "—", new)
                    for f, new in values(final).items()
                    if new not in ("—", _("нет"))
                ]
            else:
                kind = "~"
                old_values, new_values = values(baseline), values(final)
                changes = [
                    FieldChange(str(f.verbose_name), old_values[f], new)
                    for f, new in new_values.items()
                    if old_values[f] != new
                ]
                if not changes:
                    continue  # saved without a change: nothing to show
            label = source.label(final) if source.label is not None else _label_member(final, users)
            rows.append(
                HistoryRow(
                    at=final["history_date"],
                    author=users.get(final["history_user_id"]) or _("система"),
                    kind=kind,
                    area=str(source.area),
                    object_label=label
                    if model is ProcessMap
                    else f"{verbose[:1].upper()}{verbose[1:]} {label}".strip(),
                    changes=changes,
                    sort_key=(final["history_date"], final["history_id"]),
                )
            )
    rows.sort(key=lambda r: r.sort_key, reverse=True)
    return rows


class ProjectHistoryView(ProjectMixin, TemplateView):
    """Readable by whoever may see the project (ProjectMixin: 404 otherwise)."""

    template_name = "projects/history.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = project_history(self.project)
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        ctx.update(project=self.project, page=page, rows=page.object_list, query="")
        return ctx
