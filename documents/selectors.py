"""Reads the documents need, through the same selectors the pages use: a project or a record the user
may not see is never found (CONVENTIONS «Reads go through selectors»)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from org.models import User
from projects import selectors as project_selectors
from projects.card_versions import stages_at
from projects.models import Deadline, JournalEntry, Meeting, MeetingParticipant, Project

from .stamps import CARD_ACTIONS


def card_journal(*, project: Project) -> list[JournalEntry]:
    """The acts that decide which text of the card is in force and who signed it, oldest first."""
    return list(project.journal.filter(action__in=CARD_ACTIONS).select_related("actor").order_by("at", "id"))


def stage_at(*, project: Project, entry: JournalEntry) -> str:
    """The stage the project was at when the journal row was written (the stage a transition left)."""
    return stages_at(project).get(entry.pk, "")


def card_version_entry(*, project: Project, pk: int) -> JournalEntry:
    """A journal row holding a snapshot of the card (raises JournalEntry.DoesNotExist)."""
    return project.journal.select_related("actor").get(pk=pk, snapshot_kind="card")


def meeting_of(*, project: Project, pk: int) -> Meeting:
    """A meeting of a project the user already sees, with its participants in alphabetical order, as
    a protocol lists them (raises Meeting.DoesNotExist)."""
    participants = Prefetch(
        "participants",
        queryset=MeetingParticipant.objects.select_related("user").order_by(
            "user__last_name", "user__first_name", "id"
        ),
    )
    return (
        Meeting.objects.select_related("protocol_approved_by", "created_by")
        .prefetch_related(participants)
        .get(project=project, pk=pk)
    )


def plan_revision_of(*, project: Project, number: int):
    """A revision of the plan of a project the user already sees (raises PlanRevision.DoesNotExist)."""
    return project.plan_revisions.select_related("meeting").get(number=number)


def survey_of(*, project: Project, phase: str):
    """The survey of one phase of a project the user already sees (raises Survey.DoesNotExist)."""
    from surveys.models import Survey

    return Survey.objects.get(project=project, phase=phase)


def closing_decision(*, project: Project) -> JournalEntry | None:
    """The mayor's decision to close the project (Положение п.29), if taken."""
    return project.journal.filter(action="close").select_related("actor").order_by("-at", "-id").first()


def project_meetings(*, project: Project) -> QuerySet[Meeting]:
    return project.meetings.order_by("starts_at", "id")


def registry_projects(*, user: User, params) -> tuple[QuerySet[Project], object]:
    """The project list page's query: what the user may see, narrowed by the page's filter
    (`projects.filtersets.ProjectFilterSet`), in the page's order. Returns the queryset and the
    filterset (to describe the conditions in the export)."""
    from projects.filtersets import ProjectFilterSet

    filterset = ProjectFilterSet(
        params or None, queryset=project_selectors.project_list(user=user), user=user
    )
    return filterset.qs.order_by("-created_at", "-id"), filterset


def deadlines_of_projects(*, projects: QuerySet[Project]) -> QuerySet[Deadline]:
    """Every statutory clock of the given projects, with what the export prints."""
    return Deadline.objects.filter(project__in=projects.order_by().values("pk")).order_by(
        "project__number", "started_on", "id"
    )
