"""Reads of projects, already limited to what the user may see (NetBox RestrictedQuerySet), with the
joins each page needs."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from org.choices import Role
from org.models import User
from workdays import clock

from .card_diff import card_diff
from .choices import CardChangeStatus, Stage, Status
from .models import CardChange, Deadline, JournalEntry, MeetingParticipant, Project, ProjectMember


def projects_visible_to(*, user: User) -> QuerySet[Project]:
    """Mirrors `projects.permissions.can_view`."""
    qs = Project.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    qs = qs.filter(municipality_id=user.municipality_id)
    # the mayor's office sees what the mayor sees (issue 19.9)
    if user.has_role(Role.MAYOR, Role.MAYOR_OFFICE, Role.AUTHORITY, Role.OBSERVER):
        return qs
    visible = (
        Q(lead=user)
        | Q(created_by=user)
        | Q(Exists(ProjectMember.objects.filter(project=OuterRef("pk"), user=user)))
        # a meeting's invitee reads that meeting, not the project (`meeting_project`)
    )
    if user.has_role(Role.COORDINATOR):
        visible |= Q(department__direction__coordinator=user)
    if user.has_role(Role.LEAD) and user.department_id:
        visible |= Q(department_id=user.department_id)
    return qs.filter(visible)


def _open_deadline_prefetch() -> Prefetch:
    return Prefetch(
        "deadlines",
        queryset=Deadline.objects.open().order_by("due_on", "id"),
        to_attr="open_deadlines",
    )


def project_list(*, user: User) -> QuerySet[Project]:
    return (
        projects_visible_to(user=user)
        .select_related("department", "lead", "coordinator", "department__direction__coordinator")
        .prefetch_related(_open_deadline_prefetch())
        .annotate(
            is_overdue=Exists(
                Deadline.objects.open().filter(project=OuterRef("pk"), due_on__lt=clock.today())
            )
        )
    )


def project_detail(*, user: User, pk: int) -> Project:
    return (
        projects_visible_to(user=user)
        .select_related(
            "department__direction__coordinator",
            "lead",
            "coordinator",
            "created_by",
            "municipality__mayor",
            "replicated_from",
        )
        .prefetch_related(
            "perimeter",
            "indicators",
            "stakeholders",
            Prefetch("members", queryset=ProjectMember.objects.select_related("user__department")),
        )
        .get(pk=pk)
    )


def meeting_project(*, user: User, pk: int, meeting_pk: int) -> tuple[Project, bool]:
    """The project of a meeting page and whether the user reads the whole project: whoever sees the
    project sees its meetings; a person invited to this meeting from outside the team (e.g. the finance
    deputy at the defence, п.26) reads this meeting and its protocol only — `False`.
    Raises Project.DoesNotExist for anyone else."""
    try:
        return project_detail(user=user, pk=pk), True
    except Project.DoesNotExist:
        if not (
            user.is_authenticated
            and user.is_active
            and MeetingParticipant.objects.filter(
                meeting_id=meeting_pk, meeting__project_id=pk, user=user
            ).exists()
        ):
            raise
    project = Project.objects.select_related(
        "department__direction__coordinator", "lead", "coordinator", "municipality__mayor"
    ).get(pk=pk)
    return project, False


def meetings_of_invitee(*, user: User, since=None) -> QuerySet:
    """The meetings this person is invited to from today on (or from `since`), nearest first: the
    dashboard links each to its page."""
    from .models import Meeting

    since = since or clock.today()
    return (
        Meeting.objects.filter(participants__user=user, starts_at__date__gte=since)
        .select_related("project")
        .order_by("starts_at", "id")
    )


def journal_of(*, project: Project) -> QuerySet[JournalEntry]:
    return project.journal.select_related("actor").order_by("-at", "-id")


def deadlines_of(*, project: Project) -> QuerySet[Deadline]:
    return project.deadlines.order_by("started_on", "id")


# What waits for whom (the inboxes of DESIGN §6).
COORDINATOR_STAGES = [Status.CARD_REVIEW, Status.PLAN_REVIEW, Status.REPORT_REVIEW]
MAYOR_STAGES = [Status.CARD_SIGNING, Status.DEFENCE]
COORDINATOR_CLOCKS = [Stage.CARD_REVIEW, Stage.PLAN_REVIEW, Stage.REPORT_REVIEW, Stage.CARD_CHANGE]


def coordinator_inbox(*, user: User) -> list[Deadline]:
    """Cards, plans, reports and card changes of my direction awaiting my decision, most urgent first."""
    rows = list(
        Deadline.objects.open()
        .filter(
            stage__in=COORDINATOR_CLOCKS,
            project__department__direction__coordinator=user,
            project__municipality_id=user.municipality_id,
        )
        .exclude(project__status=Status.SUSPENDED)
        .select_related("project__department", "project__lead")
    )
    return _most_urgent_first(rows)


def mayor_queue(*, user: User) -> list[Deadline]:
    """Cards and changes of signed cards to sign, defences to hold (п.15, 26–29), oldest first."""
    rows = list(
        Deadline.objects.open()
        .filter(
            stage__in=[Stage.CARD_SIGNING, Stage.CARD_AMENDMENT, Stage.DEFENCE],
            project__municipality_id=user.municipality_id,
        )
        .exclude(project__status=Status.SUSPENDED)
        .select_related("project__department", "project__lead", "project__coordinator")
    )
    return sorted(rows, key=lambda d: (d.started_on, d.id))


def amendments_to_sign(*, deadlines: list[Deadline]) -> list[dict]:
    """The changes of signed cards waiting for the Mayor's signature (п.15), each with its clock and
    the fields it changes."""
    if not deadlines:
        return []
    changes = {
        c.project_id: c
        for c in CardChange.objects.filter(
            project_id__in=[d.project_id for d in deadlines], status=CardChangeStatus.AGREED
        ).select_related("decided_by")
    }
    rows = []
    for d in deadlines:
        change = changes.get(d.project_id)
        if change is not None:
            rows.append(
                {
                    "deadline": d,
                    "change": change,
                    "changes": card_diff(change.base_snapshot, change.proposed_snapshot),
                }
            )
    return rows


def _most_urgent_first(rows: list[Deadline]) -> list[Deadline]:
    import datetime as dt

    far = dt.date.max
    return sorted(rows, key=lambda d: (d.due_on or far, d.started_on, d.id))


def my_projects(*, user: User) -> QuerySet[Project]:
    return (
        project_list(user=user)
        .filter(Q(lead=user) | Q(members__user=user, members__kind="member"))
        .exclude(status__in=[Status.CLOSED, Status.REJECTED])
        .distinct()
    )


def card_returns(*, project_ids: list[int]) -> dict[int, JournalEntry]:
    """The coordinator's return of each draft card that came back for rework, with its remarks
    (Положение п.14): the latest transition of a draft project, when that transition was a return.
    One query whatever the number of projects."""
    if not project_ids:
        return {}
    latest: dict[int, JournalEntry] = {}
    entries = (
        JournalEntry.objects.filter(
            project_id__in=project_ids, project__status=Status.DRAFT, to_status=Status.DRAFT
        )
        .exclude(from_status="")
        .select_related("actor")
        .order_by("project_id", "at", "id")
    )
    for entry in entries:
        latest[entry.project_id] = entry  # the last one of each project wins
    return {pk: e for pk, e in latest.items() if e.action == "return_card"}
