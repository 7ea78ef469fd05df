"""What the maps, plan, report and presentation documents print, read once and shaped for the
templates and the slide builder: each artefact from the snapshot the journal stored when it was
approved (DESIGN §2, §4: «the approved ones from their approved snapshot»), otherwise from the live
data with `approved = False`, so the document marks it as a draft; a part that does not exist yet
is `None` or empty and is printed as missing, never an error.

- card: the text the mayor signed (п.15) or the last change agreed (п.22) — `documents.card`;
- maps: the snapshot taken when the stage ended (п.16.1, 16.2; `maps.snapshots`);
- plan: `PlanRevision.snapshot`, the text the coordinator approved (п.19, 22);
- report: the snapshot of the act that sent it (п.25) or closed the project (п.29)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from projects.choices import ActivityStatus, RevisionStatus, Status
from projects.models import JournalEntry, Project

from . import selectors
from .stamps import card_approval
from .text import as_date, local_date

# Stages from which the report exists as sent to the coordinator (п.25) and stays so (п.29).
REPORT_SENT_STAGES = (Status.REPORT_REVIEW, Status.DEFENCE, Status.CLOSED)
OPENED_STAGES = (
    Status.CURRENT_MAP,
    Status.TARGET_MAP,
    Status.PLAN_DRAFTING,
    Status.PLAN_REVIEW,
    Status.PLAN_REWORK,
    Status.IMPLEMENTATION,
    Status.RESULTS,
    Status.REPORT_REVIEW,
    Status.DEFENCE,
    Status.CLOSED,
)


def number(value) -> Decimal | None:
    """Numbers of snapshots come back as strings."""
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


# --- The card ----------------------------------------------------------------------------------


@dataclass
class CardSource:
    card: dict[str, Any]  # documents.card.normalise
    approved: bool
    approved_on: dt.date | None
    version: int


def card_source(project: Project) -> CardSource:
    from projects.snapshots import card_snapshot

    from .card import normalise

    approval = card_approval(selectors.card_journal(project=project))
    if approval.approved is not None and approval.approved.snapshot:
        signed = approval.signed or approval.approved
        return CardSource(
            card=normalise(approval.approved.snapshot),
            approved=True,
            approved_on=local_date(signed.at),
            version=approval.version,
        )
    return CardSource(card=normalise(card_snapshot(project)), approved=False, approved_on=None, version=1)


# --- Maps --------------------------------------------------------------------------------------


@dataclass
class MapSource:
    kind: str  # "current" | "target"
    data: Any  # maps.data.MapData
    metrics: Any  # maps.metrics.Metrics
    exists: bool  # the map has been started
    approved: bool  # from the snapshot taken when its stage ended (п.16)
    approved_on: dt.date | None
    photo: Any = None  # the photo of the paper map (ProcessMap.photo), when it is an image
    problems: list = field(default_factory=list)  # target map: the problems it answers

    @property
    def has_steps(self) -> bool:
        return bool(self.data.steps)


def _metrics_of(snapshot_metrics: dict | None, data):
    from maps.metrics import Metrics, compute

    if snapshot_metrics:
        try:
            values = dict(snapshot_metrics)
            values["va_share"] = number(values.get("va_share"))
            return Metrics(**values)
        except TypeError:  # a snapshot of an older shape: count again from the steps
            pass
    return compute(data)


def map_sources(project: Project) -> dict[str, MapSource]:
    """Both maps of the project: the approved version of each where its stage has ended."""
    from maps.choices import MapKind
    from maps.data import MapData, ProblemData
    from maps.selectors import approved_versions, map_data, maps_of

    live = maps_of(project=project)
    approved = approved_versions(project=project)
    result = {}
    for kind in (MapKind.CURRENT, MapKind.TARGET):
        process_map = live.get(kind)
        entry: JournalEntry | None = approved.get(kind)
        photo = None
        if process_map is not None and process_map.photo and not process_map.photo_is_pdf:
            photo = process_map.photo
        snapshot = (entry.snapshot or {}) if entry is not None else {}
        if snapshot.get("map"):
            data = MapData.from_dict(snapshot["map"])
            data.title = data.title or project.title
            problems = [ProblemData(**p) for p in snapshot.get("problems") or []]
            result[kind] = MapSource(
                kind=kind,
                data=data,
                metrics=_metrics_of(snapshot.get("metrics"), data),
                exists=True,
                approved=True,
                approved_on=local_date(entry.at),
                photo=photo,
                problems=problems,
            )
            continue
        data = map_data(process_map, kind=kind, title=project.title)
        result[kind] = MapSource(
            kind=kind,
            data=data,
            metrics=_metrics_of(None, data),
            exists=process_map is not None,
            approved=False,
            approved_on=None,
            photo=photo,
        )
    current, target = result[MapKind.CURRENT], result[MapKind.TARGET]
    if not target.problems:
        target.problems = list(current.data.problems)
    return result


def map_comparison(maps: dict[str, MapSource]) -> list[dict]:
    """Before / after metrics of the maps (Прил. 4, слайд 7; DOMAIN «Metrics»), empty until both
    maps have steps."""
    from maps.metrics import compare

    current, target = maps.get("current"), maps.get("target")
    if not (current and target and current.has_steps and target.has_steps):
        return []
    return compare(current.metrics, target.metrics)


# --- The plan ----------------------------------------------------------------------------------


@dataclass
class PlanRow:
    number: int
    title: str
    root_cause: str
    problems: list[int]
    responsible: str  # «Фамилия И.О.»
    responsible_full: str
    deadline: dt.date | None
    expected_result: str
    status: str = ""  # ActivityStatus, live
    status_label: str = ""
    done_on: dt.date | None = None
    overdue: bool = False
    evidence: str = ""
    lineage: str = ""  # the activity across revisions (`Activity.lineage`)
    # the target indicators of the card the activity serves (Прил. 4, слайд 6), as they stand now
    indicators: list[str] = field(default_factory=list)


@dataclass
class PlanSource:
    revision: Any  # PlanRevision or None
    number: int | None
    rows: list[PlanRow]
    notes: list[dict]  # {"problem": n, "reason": ...}
    approved: bool
    approved_on: dt.date | None
    approved_by: Any  # JournalEntry of the coordinator's consent
    submitted_by: Any  # JournalEntry of the lead's approval and submission (п.18)
    status_label: str = ""
    reason: str = ""
    meeting: Any = None


def _live_rows(revision) -> list[tuple[str, PlanRow]]:
    """(lineage, row) of each activity of the revision as it stands now."""
    from projects.planning import activities_of

    rows = []
    for act in activities_of(revision):
        rows.append(
            (
                str(act.lineage),
                PlanRow(
                    number=act.number,
                    title=act.title,
                    root_cause=act.root_cause,
                    problems=sorted(p.number for p in act.problems.all()),
                    responsible=act.responsible.surname_initials,
                    responsible_full=act.responsible.full_name,
                    deadline=act.deadline,
                    expected_result=act.expected_result,
                    status=act.status,
                    status_label=str(act.get_status_display()),
                    done_on=act.done_on,
                    overdue=act.is_overdue,
                    evidence=act.evidence,
                    lineage=str(act.lineage),
                    indicators=[i.name for i in act.indicators.all()],
                ),
            )
        )
    return rows


def _snapshot_rows(snapshot: dict, live: dict[str, PlanRow]) -> list[PlanRow]:
    rows = []
    for item in snapshot.get("activities") or []:
        person = item.get("responsible") or {}
        execution = live.get(str(item.get("lineage")))
        rows.append(
            PlanRow(
                number=item.get("number") or 0,
                title=item.get("title", ""),
                root_cause=item.get("root_cause", ""),
                problems=list(item.get("problems") or []),
                responsible=person.get("short", ""),
                responsible_full=person.get("name", ""),
                deadline=as_date(item.get("deadline")),
                expected_result=item.get("expected_result", ""),
                status=execution.status if execution else "",
                status_label=execution.status_label if execution else "",
                done_on=execution.done_on if execution else None,
                overdue=execution.overdue if execution else False,
                evidence=execution.evidence if execution else "",
                lineage=str(item.get("lineage") or ""),
                indicators=list(execution.indicators) if execution else [],
            )
        )
    return rows


def plan_journal(project: Project) -> list[JournalEntry]:
    return list(
        project.journal.filter(
            action__in=[
                "submit_plan",
                "resubmit_plan",
                "approve_plan",
                "return_plan",
                "plan_revision_submit",
                "plan_revision_approve",
            ]
        )
        .select_related("actor")
        .order_by("at", "id")
    )


def _acts_of(revision, journal: list[JournalEntry]) -> tuple[JournalEntry | None, JournalEntry | None]:
    """The lead's submission (п.18) and the coordinator's consent (п.19, 22) of one revision."""
    if revision.number == 1:
        submitted = approved = None
        for entry in journal:
            if entry.action in ("submit_plan", "resubmit_plan"):
                submitted = entry
            elif entry.action == "approve_plan":
                approved = entry
            elif entry.action == "return_plan":
                approved = None
        return submitted, approved
    submitted = approved = None
    for entry in journal:
        if (entry.snapshot or {}).get("revision") != revision.number:
            continue
        if entry.action == "plan_revision_submit":
            submitted = entry
        elif entry.action == "plan_revision_approve":
            approved = entry
    return submitted, approved


def plan_revisions(project: Project) -> list:
    return list(project.plan_revisions.select_related("meeting").order_by("number"))


def plan_source(project: Project, revision=None, *, journal: list[JournalEntry] | None = None) -> PlanSource:
    """One revision of the plan (the one in force, else the one being drafted): approved ones from
    their snapshot, with the execution of each activity read live by its lineage."""
    from projects.planning import working_revision

    revision = revision or working_revision(project)
    if revision is None:
        return PlanSource(
            revision=None,
            number=None,
            rows=[],
            notes=[],
            approved=False,
            approved_on=None,
            approved_by=None,
            submitted_by=None,
        )
    journal = plan_journal(project) if journal is None else journal
    submitted, consent = _acts_of(revision, journal)
    live_acts = _live_rows(revision)
    approved = revision.status in (RevisionStatus.APPROVED, RevisionStatus.SUPERSEDED) and bool(
        revision.snapshot
    )
    if approved:
        rows = _snapshot_rows(revision.snapshot, dict(live_acts))
        notes = list(revision.snapshot.get("notes") or [])
    else:
        rows = [row for _lineage, row in live_acts]
        notes = []
    if not notes:
        notes = [
            {"problem": n.problem.number, "reason": n.reason}
            for n in revision.problem_notes.select_related("problem").order_by("problem__number")
        ]
    approved_on = None
    if approved:
        approved_on = local_date(consent.at) if consent else local_date(revision.decided_at)
    return PlanSource(
        revision=revision,
        number=revision.number,
        rows=rows,
        notes=notes,
        approved=approved,
        approved_on=approved_on,
        approved_by=consent if approved else None,
        submitted_by=submitted,
        status_label=str(revision.get_status_display()),
        reason=revision.reason,
        meeting=revision.meeting,
    )


def plan_stamp(project: Project) -> tuple[int | None, bool, dt.date | None]:
    """The number, whether approved and the approval date of the revision `plan_source` shows,
    without reading its activities: the note of the documents panel on every project page."""
    from projects.planning import working_revision

    revision = working_revision(project)
    if revision is None:
        return None, False, None
    if not (revision.status in (RevisionStatus.APPROVED, RevisionStatus.SUPERSEDED) and revision.snapshot):
        return revision.number, False, None
    _submitted, consent = _acts_of(revision, plan_journal(project))
    return revision.number, True, local_date(consent.at) if consent else local_date(revision.decided_at)


def execution_counts(rows: list[PlanRow]) -> dict[str, int]:
    """The kanban columns «Поручения / Делаем / Сделано / Просрочено» of the rows."""
    counts = {"todo": 0, "doing": 0, "done": 0, "overdue": 0}
    for row in rows:
        if row.status == ActivityStatus.DONE:
            counts["done"] += 1
        elif row.overdue:
            counts["overdue"] += 1
        elif row.status in counts:
            counts[row.status] += 1
    return counts


# --- The results report --------------------------------------------------------------------------


@dataclass
class ReportSource:
    data: dict[str, Any] | None  # projects.results.report_data shape; None: no report yet
    final: bool  # as sent (п.25) or closed (п.29), from the journal's snapshot
    entry: JournalEntry | None
    closure: Any  # projects.models.Closure
    photos: list[dict]  # {"kind", "kind_label", "caption", "path", "uri"}
    missing_photos: int = 0


def report_source(project: Project) -> ReportSource:
    from projects.models import ResultPhoto
    from projects.results import REPORT_STAGES, closure_of, report_data, report_of

    from .images import file_path

    entry = None
    if project.status in REPORT_SENT_STAGES:
        entry = (
            project.journal.filter(snapshot_kind="report")
            .select_related("actor")
            .order_by("-at", "-id")
            .first()
        )
    if entry is not None and entry.snapshot:
        data, final = entry.snapshot, True
    elif report_of(project) is not None or project.status in REPORT_STAGES:
        data, final = report_data(project), False
    else:
        data, final = None, False
    photos, missing = [], 0
    if data is not None:
        stored = {p.pk: p for p in ResultPhoto.objects.filter(project_id=project.pk)}
        for item in data.get("photos") or []:
            photo = stored.get(item.get("id"))
            path = file_path(photo.image) if photo is not None else None
            if path is None:
                missing += 1
                continue
            photos.append(
                {
                    "kind": item.get("kind"),
                    "kind_label": item.get("kind_label", ""),
                    "caption": item.get("caption", ""),
                    "path": path,
                    "uri": path.resolve().as_uri(),
                }
            )
    return ReportSource(
        data=data,
        final=final,
        entry=entry if final else None,
        closure=closure_of(project) if project.status == Status.CLOSED else None,
        photos=photos,
        missing_photos=missing,
    )


def legal_acts(data: dict[str, Any] | None) -> list[dict]:
    acts = []
    for act in (data or {}).get("legal_acts") or []:
        acts.append({**act, "adopted_on": as_date(act.get("adopted_on"))})
    return acts


def stage_note(project: Project) -> str:
    """«Стадия: …» for the heads of working documents."""
    return _("стадия «%(stage)s»") % {"stage": project.get_status_display()}


def stage_at(project: Project, moment: dt.datetime | None) -> str:
    """The label of the stage the project was in at `moment`: a printed version carries the stage of
    its own date, not today's (issue 20). The last transition recorded in the journal at or before
    `moment`; the stage now when the journal has none (or `moment` is None)."""
    if moment is not None:
        entry = (
            project.journal.filter(at__lte=moment)
            .exclude(to_status="")
            .order_by("-at", "-id")
            .only("to_status")
            .first()
        )
        if entry is not None:
            return str(Status.label_of(entry.to_status))
    return str(project.get_status_display())
