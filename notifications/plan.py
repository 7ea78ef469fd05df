"""The reminders of п.21 beside the statutory clocks (issue 19.4): activities of the approved plan
that are coming, due or overdue, and a team that has not met for more than 14 days. Both follow
the chain of `sources.reminder_slots` (before, due, overdue, then every N working days) and are
claimed once per object, kind and day like every other reminder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import DateTimeField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from projects.choices import ActivityStatus, MeetingKind, RevisionStatus, Status
from projects.clocks import TEAM_MEETING_MAX_GAP_DAYS
from projects.models import Activity, JournalEntry, Meeting, Project
from workdays import clock

from .choices import Audience, Kind
from .sources import Item, overdue_every, reminder_slots

ACTIVITY_SOURCE = "activity"
MEETING_GAP_SOURCE = "meeting_gap"
PAGE = 500


def _escalates(days_left: int) -> bool:
    """Overdue by a whole repeat period or more: the coordinator is told too."""
    return days_left <= -overdue_every()


def activity_reminders(day: dt.date) -> Iterator[Item]:
    """Положение п.21: the executor of an activity of the approved plan is reminded before its date
    and on it; once it is overdue the executor and the lead are told, and after a repeat period the
    coordinator of the direction too. One indexed query per page."""
    base = Activity.objects.filter(
        revision__status=RevisionStatus.APPROVED, revision__project__status=Status.IMPLEMENTATION
    ).exclude(status=ActivityStatus.DONE)
    earliest = base.filter(deadline__lt=day).order_by("deadline").values_list("deadline", flat=True).first()
    slots = reminder_slots(day, earliest=earliest)
    rows = base.filter(deadline__in=list(slots)).values(
        "pk", "lineage", "number", "title", "deadline", "responsible_id", "revision__project_id"
    )
    last = 0
    while True:
        page = list(rows.filter(pk__gt=last).order_by("pk")[:PAGE])
        if not page:
            return
        last = page[-1]["pk"]
        for row in page:
            slot = slots[row["deadline"]]
            project_id = row["revision__project_id"]
            common = {
                "source": ACTIVITY_SOURCE,
                "object_key": str(row["lineage"]),
                "project_id": project_id,
                "what": _("Мероприятие плана № %(n)s: %(title)s")
                % {"n": row["number"], "title": row["title"][:300]},
                "clause": "Положение п.21",
                "due_on": row["deadline"],
                "days_left": slot.days,
                "url": reverse("projects:board", args=[project_id]),
            }
            if slot.kind != Kind.OVERDUE:
                yield Item(kind=slot.kind, user_ids=(row["responsible_id"],), **common)
                continue
            yield Item(
                kind=Kind.OVERDUE,
                user_ids=(row["responsible_id"],),
                audience=frozenset({Audience.LEAD}),
                **common,
            )
            if _escalates(slot.days):
                yield Item(
                    kind=Kind.ESCALATION,
                    audience=frozenset({Audience.COORDINATOR}),
                    note=_(
                        "Мероприятие плана не выполнено в срок: ход реализации плана контролирует координатор."
                    ),
                    **common,
                )
        if len(page) < PAGE:
            return


def meeting_gap_reminders(day: dt.date) -> Iterator[Item]:
    """Положение п.21: the team reviews the plan at least once in two weeks. The next meeting is
    «due» 14 calendar days after the last held team meeting (after the plan's approval when none
    has been held); the lead is reminded before and on that day and when it has passed, the
    coordinator after a repeat period more."""
    last_meeting = (
        Meeting.objects.filter(project=OuterRef("pk"), kind=MeetingKind.TEAM, held=True)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    approved = (
        JournalEntry.objects.filter(project=OuterRef("pk"), action="approve_plan")
        .order_by("-at")
        .values("at")[:1]
    )
    projects = (
        Project.objects.filter(status=Status.IMPLEMENTATION)
        .annotate(
            last_meeting=Subquery(last_meeting, output_field=DateTimeField()),
            approved_at=Subquery(approved, output_field=DateTimeField()),
        )
        .filter(Q(last_meeting__isnull=False) | Q(approved_at__isnull=False))
        .values("pk", "last_meeting", "approved_at")
    )
    due_dates: dict[int, tuple[dt.date, dt.date]] = {}
    for row in projects.iterator(chunk_size=PAGE):
        since = clock.local_date(row["last_meeting"] or row["approved_at"])
        due_dates[row["pk"]] = (since, since + dt.timedelta(days=TEAM_MEETING_MAX_GAP_DAYS))
    if not due_dates:
        return
    slots = reminder_slots(day, earliest=min(due for _s, due in due_dates.values()))
    for project_id, (since, due) in due_dates.items():
        slot = slots.get(due)
        if slot is None:
            continue
        common = {
            "source": MEETING_GAP_SOURCE,
            "object_key": f"{project_id}:{since.isoformat()}",
            "project_id": project_id,
            "what": _("Заседание команды проекта (не реже одного раза в две недели)"),
            "clause": "Положение п.21",
            "due_on": due,
            "days_left": slot.days,
            "url": reverse("projects:meeting_create", args=[project_id]),
            "note": _("Последнее заседание команды или утверждение плана: %(d)s.")
            % {"d": since.strftime("%d.%m.%Y")},
        }
        yield Item(kind=slot.kind, audience=frozenset({Audience.LEAD}), **common)
        if slot.kind == Kind.OVERDUE and _escalates(slot.days):
            yield Item(kind=Kind.ESCALATION, audience=frozenset({Audience.COORDINATOR}), **common)
