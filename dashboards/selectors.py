"""The figures of the role dashboards (DESIGN §6; Положение п.5–8): what waits for whom today and how
the portfolio stands. Every figure is a count over a queryset that the project list can reproduce
with its filters, so each number links to the list behind it. Query counts do not depend on the
number of projects: everything is grouped in SQL."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse

from leanproj.text import days_left_text
from org.choices import Role
from org.models import User
from projects.choices import STAGE_ORDER, ActivityStatus, RevisionStatus, Source, Stage, Status
from projects.models import Activity, Deadline, Project
from projects.selectors import (
    COORDINATOR_CLOCKS,
    _most_urgent_first,
    mayor_queue,
    projects_visible_to,
)
from workdays import clock

ACTIVE = [s for s in Status.values if s not in (Status.CLOSED, Status.REJECTED)]
DEADLINE_FIELDS = [f.name for f in Deadline._meta.concrete_fields]


def list_url(**filters) -> str:
    """The project list filtered like the figure: every number on a dashboard links here."""
    return _list_path() + _query(filters)


def _list_path() -> str:
    return reverse("projects:list")


def _query(filters: dict) -> str:
    query = []
    for key, value in filters.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            query.extend((key, v) for v in value)
        else:
            query.append((key, value))
    return "?" + urlencode(query) if query else ""


class UrlOf:
    """The URL of a project's page by substitution into one reversed URL: a dashboard links a
    hundred rows, and `reverse` for each was a tenth of the page's time (BENCHMARKS.md)."""

    MARK = 987654321

    def __init__(self, name: str):
        self.pattern = reverse(name, args=[self.MARK])

    def __call__(self, pk: int) -> str:
        return self.pattern.replace(str(self.MARK), str(int(pk)), 1)


def by_stage(projects: QuerySet[Project], **base_filters) -> list[dict]:
    counts = dict(projects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return [
        {
            "stage": stage,
            "count": counts.get(stage.value, 0),
            "url": list_url(status=stage.value, **base_filters),
        }
        for stage in [*STAGE_ORDER, Status.SUSPENDED, Status.REJECTED]
        if counts.get(stage.value, 0)
    ]


def by_department(projects: QuerySet[Project], **base_filters) -> list[dict]:
    rows = (
        projects.values("department_id", "department__name", "department__short_name")
        .annotate(
            total=Count("id"),
            active=Count("id", filter=Q(status__in=ACTIVE)),
            closed=Count("id", filter=Q(status=Status.CLOSED)),
        )
        .order_by("-total", "department__name")
    )
    return [
        {
            "name": r["department__short_name"] or r["department__name"],
            "full_name": r["department__name"],
            "total": r["total"],
            "active": r["active"],
            "closed": r["closed"],
            "url": list_url(department=r["department_id"], **base_filters),
        }
        for r in rows
    ]


def by_source(projects: QuerySet[Project]) -> list[dict]:
    counts = dict(projects.values_list("source").annotate(n=Count("id")).values_list("source", "n"))
    return [
        {"source": s, "count": counts.get(s.value, 0), "url": list_url(source=s.value)}
        for s in Source
        if counts.get(s.value)
    ]


# Statutory steps that count in execution discipline: every timed clock except one stopped by a
# suspension in time; a clock that was already overdue when the project was suspended stays «late»
# (issue 19.5: a suspension does not hide lateness).
MEASURED = Q(due_on__isnull=False) & (Q(cancelled_on__isnull=True) | Q(outcome="late"))


def by_year(projects: QuerySet[Project]) -> list[dict]:
    from django.db.models.functions import ExtractYear

    rows = projects.annotate(y=ExtractYear("created_at")).values("y").annotate(n=Count("id")).order_by("y")
    return [{"year": r["y"], "count": r["n"], "url": list_url(year=r["y"])} for r in rows]


def discipline(deadlines: QuerySet[Deadline], *, group: str) -> list[dict]:
    """Execution discipline: the share of statutory steps done on time (DESIGN §2), per `group`
    ("stage" or "project__department__name"). An open step past its due date counts as late."""
    today = clock.today()
    rows = (
        deadlines.filter(MEASURED)
        .values(group)
        .annotate(
            on_time=Count("id", filter=Q(outcome="on_time")),
            late=Count("id", filter=Q(outcome="late")),
            overdue=Count("id", filter=Q(done_on__isnull=True, cancelled_on__isnull=True, due_on__lt=today)),
        )
        .order_by(group)
    )
    result = []
    for r in rows:
        measured = r["on_time"] + r["late"] + r["overdue"]
        if not measured:
            continue
        label = Stage.label_of(r[group]) if group == "stage" else r[group]
        result.append(
            {
                "label": label,
                "on_time": r["on_time"],
                "late": r["late"],
                "overdue": r["overdue"],
                "share": Decimal(r["on_time"] * 100 / measured).quantize(Decimal("1")),
            }
        )
    return result


def discipline_total(deadlines: QuerySet[Deadline]) -> dict:
    today = clock.today()
    agg = deadlines.filter(MEASURED).aggregate(
        on_time=Count("id", filter=Q(outcome="on_time")),
        late=Count("id", filter=Q(outcome="late")),
        overdue=Count("id", filter=Q(done_on__isnull=True, cancelled_on__isnull=True, due_on__lt=today)),
    )
    measured = agg["on_time"] + agg["late"] + agg["overdue"]
    agg["share"] = Decimal(agg["on_time"] * 100 / measured).quantize(Decimal("1")) if measured else None
    return agg


def overdue_steps(deadlines: QuerySet[Deadline]) -> list[Deadline]:
    return list(
        deadlines.open()
        .filter(due_on__lt=clock.today())
        .select_related("project__department", "project__lead")
        .order_by("due_on", "id")[:20]
    )


def overdue_activities(activities: QuerySet[Activity]) -> list[Activity]:
    return list(
        activities.filter(revision__status=RevisionStatus.APPROVED, deadline__lt=clock.today())
        .exclude(status=ActivityStatus.DONE)
        .select_related("revision__project", "responsible")
        .order_by("deadline", "id")[:20]
    )


def effect_totals(projects: QuerySet[Project]) -> dict:
    from projects.models import ResultsReport

    agg = ResultsReport.objects.filter(project__in=projects, project__status=Status.CLOSED).aggregate(
        hours=Sum("staff_hours_per_year"), money=Sum("money_per_year"), n=Count("id")
    )
    return {"hours": agg["hours"] or Decimal(0), "money": agg["money"] or Decimal(0), "reports": agg["n"]}


def achievement_counts(projects: QuerySet[Project]) -> list[dict]:
    from projects.choices import Achievement
    from projects.models import Closure

    counts = dict(
        Closure.objects.filter(project__in=projects)
        .values_list("achievement")
        .annotate(n=Count("id"))
        .values_list("achievement", "n")
    )
    return [{"achievement": a, "count": counts.get(a.value, 0)} for a in Achievement]


# --- One function per dashboard -----------------------------------------------------------------


def _my_projects(user: User) -> QuerySet[Project]:
    return (
        projects_visible_to(user=user)
        .filter(Q(lead=user) | Q(members__user=user, members__kind="member"))
        .distinct()
        .select_related("department")
        .order_by("-created_at")
    )


def lead_dashboard(user: User, *, archive: bool = False) -> dict:
    """My projects with the next statutory step and its working days left; a card the coordinator
    returned, flagged with his remarks (Положение п.14); my activities, overdue first, and those due
    this week (п.21); my next meeting; the closed and rejected projects in an archive tab."""
    from projects.selectors import card_returns

    mine = _my_projects(user)
    active = mine.exclude(status__in=[Status.CLOSED, Status.REJECTED])
    projects = list((mine.filter(status__in=[Status.CLOSED, Status.REJECTED]) if archive else active)[:50])
    open_deadlines = defaultdict(list)
    for d in Deadline.objects.open().filter(project__in=[p.pk for p in projects]).order_by("due_on", "id"):
        open_deadlines[d.project_id].append(d)
    returns = card_returns(project_ids=[p.pk for p in projects if p.status == Status.DRAFT])
    rows = [
        {
            "project": p,
            "deadline": (open_deadlines.get(p.pk) or [None])[0],
            "returned": returns.get(p.pk),
        }
        for p in projects
    ]
    today = clock.today()
    my_acts = (
        Activity.objects.filter(responsible=user, revision__status=RevisionStatus.APPROVED)
        .exclude(status=ActivityStatus.DONE)
        .select_related("revision__project")
    )
    week_end = today + dt.timedelta(days=7)
    return {
        "archive": archive,
        "rows": rows,
        "returned": [r for r in rows if r["returned"]],
        "archive_count": mine.filter(status__in=[Status.CLOSED, Status.REJECTED]).count(),
        "active_count": len(rows) if not archive else active.count(),
        "overdue_activities": list(my_acts.filter(deadline__lt=today).order_by("deadline", "id")[:20]),
        "week_activities": list(
            my_acts.filter(deadline__gte=today, deadline__lte=week_end).order_by("deadline", "id")[:20]
        ),
        "open_activities": my_acts.count(),
        "due_this_week": my_acts.filter(deadline__gte=today, deadline__lte=week_end).count(),
        "next_meeting": next_meeting(user),
    }


def next_meeting(user: User):
    """The next meeting of a project of mine, or one I am invited to (Положение п.21, 23)."""
    from projects.models import Meeting

    mine = Q(participants__user=user) | Q(project__lead=user) | Q(project__members__user=user)
    return (
        Meeting.objects.filter(mine, held=False, starts_at__gte=clock.now())
        .exclude(project__status__in=[Status.CLOSED, Status.REJECTED])
        .select_related("project")
        .order_by("starts_at", "id")
        .distinct()
        .first()
    )


def lead_charts_data(user: User) -> dict:
    """What the lead's landing page draws: the planned change of each target indicator of his
    active projects (block 3 of the card, МР п.4.5в) and the working days left on each open
    statutory clock (DESIGN §2)."""
    from projects.models import TargetIndicator

    active = Project.objects.filter(lead=user).exclude(status__in=[Status.CLOSED, Status.REJECTED])
    today = clock.today()
    indicators = list(
        TargetIndicator.objects.filter(
            project__in=active, current_value__isnull=False, target_value__isnull=False
        )
        .select_related("project")
        .order_by("project__number", "order", "id")[:20]
    )
    deadlines = list(
        Deadline.objects.open()
        .filter(project__in=active, due_on__isnull=False)
        .select_related("project")
        .order_by("due_on", "id")[:20]
    )
    for d in deadlines:
        d.left = d.days_left(today)
    return {"indicators": indicators, "deadlines": deadlines}


def team_member_only(user: User) -> bool:
    """A member of project teams who leads no project and holds no other role: his landing page is
    his activities and his next meeting, nothing else on top (Положение п.9.3, 21)."""
    return user.has_role(Role.TEAM) and not user.has_role(
        Role.LEAD, Role.COORDINATOR, Role.MAYOR, Role.AUTHORITY, Role.OBSERVER
    )


def authority_worklist(user: User) -> dict:
    """What waits for the authorised body (Положение п.5–6, 30–31; МР п.10): closed projects not yet
    considered for the best-practice base, complaints not yet past the primary analysis, calendar
    years whose decree on moved days off is not recorded."""
    from projects.choices import ComplaintDecision
    from projects.models import Complaint
    from workdays.models import CalendarYear

    closed = (
        projects_visible_to(user=user)
        .filter(status=Status.CLOSED, practice__isnull=True)
        .select_related("department")
        .order_by("-id")
    )
    complaints = Complaint.objects.filter(
        municipality_id=user.municipality_id, decision=ComplaintDecision.PENDING
    )
    years = list(CalendarYear.objects.filter(Q(confirmed=False) | Q(decree_number="")).order_by("year"))
    url = UrlOf("projects:practice_create")
    practice_rows = list(closed[:10])
    for p in practice_rows:
        p.practice_url = url(p.pk)
    return {
        "practice_count": closed.count(),
        "practice_rows": practice_rows,
        "practice_url": list_url(status=Status.CLOSED),
        "complaint_count": complaints.count(),
        "complaint_url": reverse("projects:complaints")
        + "?"
        + urlencode({"decision": ComplaintDecision.PENDING}),
        "calendar_years": years,
        "calendar_count": len(years),
    }


# The columns a dashboard row shows of its project (the card's long texts stay in the database).
ROW_PROJECT_FIELDS = (
    "project__id",
    "project__number",
    "project__title",
    "project__status",
    "project__department",
)
ROW_DEPARTMENT_FIELDS = ("project__department__name", "project__department__short_name")


def coordinator_projects(user: User) -> QuerySet[Project]:
    """The projects of the coordinator's directions. `projects_visible_to` lets a coordinator see
    every project of his direction, so for him «visible and of my direction» is «of my direction in
    my municipality»: a plain join instead of the general rule's OR of EXISTS subqueries, which the
    planner cannot turn into an index scan (BENCHMARKS.md, «dashboard»)."""
    if not user.has_role(Role.COORDINATOR):
        return projects_visible_to(user=user).filter(department__direction__coordinator=user)
    projects = Project.objects.filter(department__direction__coordinator=user)
    if not user.is_superuser:
        projects = projects.filter(municipality_id=user.municipality_id)
    return projects


def portfolio(projects: QuerySet[Project], **base_filters) -> tuple[list[dict], list[dict]]:
    """`by_stage` and `by_department` from one query grouped by department and status."""
    rows = projects.values("department_id", "department__name", "department__short_name", "status").annotate(
        n=Count("id")
    )
    statuses: dict[str, int] = defaultdict(int)
    departments: dict[int, dict] = {}
    path = _list_path()
    for r in rows:
        statuses[r["status"]] += r["n"]
        d = departments.setdefault(
            r["department_id"],
            {
                "name": r["department__short_name"] or r["department__name"],
                "full_name": r["department__name"],
                "total": 0,
                "active": 0,
                "closed": 0,
                "url": path + _query({"department": r["department_id"], **base_filters}),
            },
        )
        d["total"] += r["n"]
        d["active"] += r["n"] if r["status"] in ACTIVE else 0
        d["closed"] += r["n"] if r["status"] == Status.CLOSED else 0
    stages = [
        {
            "stage": stage,
            "count": statuses[stage.value],
            "url": path + _query({"status": stage.value, **base_filters}),
        }
        for stage in [*STAGE_ORDER, Status.SUSPENDED, Status.REJECTED]
        if statuses.get(stage.value, 0)
    ]
    by_dept = sorted(departments.values(), key=lambda d: (-d["total"], d["full_name"]))
    return stages, by_dept


def discipline_all(deadlines: QuerySet[Deadline]) -> tuple[dict, list[dict], list[dict]]:
    """`discipline_total`, `discipline(group="project__department__name")` and
    `discipline(group="stage")` from one query grouped by department and stage."""
    today = clock.today()
    rows = (
        deadlines.filter(MEASURED)
        .values("project__department__name", "stage")
        .annotate(
            on_time=Count("id", filter=Q(outcome="on_time")),
            late=Count("id", filter=Q(outcome="late")),
            overdue=Count("id", filter=Q(done_on__isnull=True, cancelled_on__isnull=True, due_on__lt=today)),
        )
        .order_by("project__department__name", "stage")
    )
    keys = ("on_time", "late", "overdue")
    total = dict.fromkeys(keys, 0)
    by_dept: dict[str, dict] = {}
    by_stage: dict[str, dict] = {}
    for r in rows:  # departments come in the database's order of names, as `discipline` has them
        for group, key in ((by_dept, r["project__department__name"]), (by_stage, r["stage"])):
            acc = group.setdefault(key, dict.fromkeys(keys, 0))
            for k in keys:
                acc[k] += r[k]
        for k in keys:
            total[k] += r[k]

    def share(acc: dict) -> Decimal | None:
        measured = acc["on_time"] + acc["late"] + acc["overdue"]
        return Decimal(acc["on_time"] * 100 / measured).quantize(Decimal("1")) if measured else None

    def listed(group: dict, label) -> list[dict]:
        return [
            {"label": label(key), **acc, "share": share(acc)}
            for key, acc in group.items()
            if acc["on_time"] + acc["late"] + acc["overdue"]
        ]

    total["share"] = share(total)
    stages = dict(sorted(by_stage.items()))  # `discipline` orders stages by their code
    return total, listed(by_dept, lambda k: k), listed(stages, Stage.label_of)


def _with_days_left(deadlines: list[Deadline], today: dt.date) -> list[Deadline]:
    """Working days left, its wording and its colour, counted once per row (the template used to
    count them twice a row through the `days_left` and `deadline_class` filters), and the URL of
    the project."""
    url = UrlOf("projects:detail")
    for d in deadlines:
        d.project_url = url(d.project_id)
        left = d.days_left(today)
        d.left = left
        d.left_text = days_left_text(left)
        if left is None or not d.is_open:
            d.left_class = ""
        else:
            d.left_class = (
                "deadline-overdue" if left < 0 else ("deadline-soon" if left <= 2 else "deadline-ok")
            )
    return deadlines


def _with_board_url(activity: Activity, url: UrlOf) -> Activity:
    activity.board_url = url(activity.revision.project_id)
    return activity


def coordinator_dashboard(user: User) -> dict:
    """The inbox, my direction's portfolio by stage and department, overdue steps and activities, and
    execution discipline (Положение п.7–8). Six queries whatever the size of the direction."""
    today = clock.today()
    projects = coordinator_projects(user)
    deadlines = Deadline.objects.filter(project__in=projects)
    if user.has_role(Role.COORDINATOR):  # a join, not a subquery (see coordinator_projects)
        deadlines = Deadline.objects.filter(project__department__direction__coordinator=user)
        if not user.is_superuser:
            deadlines = deadlines.filter(project__municipality_id=user.municipality_id)
    stages, departments = portfolio(projects, coordinator=user.pk)
    total, by_dept, by_stage_ = discipline_all(deadlines)
    # `projects.selectors.coordinator_inbox`, with only the columns the row shows.
    inbox = _most_urgent_first(
        list(
            Deadline.objects.open()
            .filter(
                stage__in=COORDINATOR_CLOCKS,
                project__department__direction__coordinator=user,
                project__municipality_id=user.municipality_id,
            )
            .exclude(project__status=Status.SUSPENDED)
            .select_related("project__department")
            .only(*DEADLINE_FIELDS, *ROW_PROJECT_FIELDS, *ROW_DEPARTMENT_FIELDS)
        )
    )
    overdue = list(
        deadlines.open()
        .filter(due_on__lt=today)
        .select_related("project__department")
        .only(*DEADLINE_FIELDS, *ROW_PROJECT_FIELDS, *ROW_DEPARTMENT_FIELDS)
        .order_by("due_on", "id")[:20]
    )
    board = UrlOf("projects:board")
    activities = Activity.objects.filter(
        revision__project__department__direction__coordinator=user,
        revision__project__municipality_id=user.municipality_id,
    )
    return {
        "inbox": _with_days_left(inbox, today),
        "stages": stages,
        "departments": departments,
        "overdue_steps": _with_days_left(overdue, today),
        "overdue_activities": [
            _with_board_url(a, board)
            for a in activities.filter(revision__status=RevisionStatus.APPROVED, deadline__lt=today)
            .exclude(status=ActivityStatus.DONE)
            .select_related("revision__project", "responsible")
            .only(
                "number",
                "deadline",
                "status",
                "revision__id",
                "revision__project__id",
                "revision__project__number",
                "revision__project__status",
                "responsible__id",
                "responsible__last_name",
                "responsible__first_name",
                "responsible__patronymic",
                "responsible__username",
            )
            .order_by("deadline", "id")[:20]
        ],
        "discipline_total": total,
        "discipline_by_department": by_dept,
        "discipline_by_stage": by_stage_,
        "total": sum(s["count"] for s in stages),
        "list_url": list_url(coordinator=user.pk),
    }


def mayor_dashboard(user: User) -> dict:
    """Cards to sign, defences to hold, decisions to record; results of closed projects (п.15, 26–29)."""
    queue = mayor_queue(user=user)
    projects = projects_visible_to(user=user)
    closed = projects.filter(status=Status.CLOSED)
    return {
        # cards and changes of signed cards to sign (п.15)
        "cards": [d for d in queue if d.stage in (Stage.CARD_SIGNING, Stage.CARD_AMENDMENT)],
        "defences": [d for d in queue if d.stage == Stage.DEFENCE],
        "closed_count": closed.count(),
        "closed_url": list_url(status=Status.CLOSED),
        "achievement": achievement_counts(closed),
        "effect": effect_totals(projects),
        "stages": by_stage(projects),
    }


def authority_dashboard(user: User) -> dict:
    """The whole municipality (Положение п.5–6, 31): stages, departments, years, sources, discipline,
    effect, surveys before/after, practices and replications, the complaints registry."""
    from projects.models import Complaint, Practice

    projects = projects_visible_to(user=user)
    deadlines = Deadline.objects.filter(project__in=projects)
    practices = Practice.objects.filter(project__in=projects)
    complaints = Complaint.objects.filter(municipality_id=user.municipality_id)
    complaint_counts = dict(
        complaints.values_list("decision").annotate(n=Count("id")).values_list("decision", "n")
    )
    return {
        "stages": by_stage(projects),
        "departments": by_department(projects),
        "years": by_year(projects),
        "sources": by_source(projects),
        "discipline_total": discipline_total(deadlines),
        "discipline_by_stage": discipline(deadlines, group="stage"),
        "discipline_by_department": discipline(deadlines, group="project__department__name"),
        "effect": effect_totals(projects),
        "surveys": survey_figures(projects),
        "practices": practices.count(),
        "replications": projects.filter(replicated_from__isnull=False).count(),
        "replication_url": list_url(source=Source.REPLICATION),
        "complaints": {"total": sum(complaint_counts.values()), "by_decision": complaint_counts},
        "total": projects.count(),
    }


def survey_figures(projects: QuerySet[Project]) -> dict | None:
    """Average scores of the process-customer questionnaire before vs after (МР п.4.4)."""
    from surveys.selectors import portfolio_averages

    return portfolio_averages(projects)
