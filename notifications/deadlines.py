"""The statutory clocks as a reminder source: every open `projects.Deadline` that is coming,
due today or overdue on the scan's day (Положение п.14, 16, 17, 19, 20, 24; DESIGN §5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Min
from django.utils.translation import gettext as _

from projects.choices import ResponsibleRole, Stage, Status
from projects.models import Deadline

from .choices import Audience, Kind
from .sources import Item, reminder_slots

SOURCE = "deadline"
PAGE = 500

# Projects whose clocks do not run (their deadlines are normally closed already).
INACTIVE = [Status.SUSPENDED, Status.CLOSED, Status.REJECTED]

A = Audience
# responsible role of the clock -> (who must act, who is told when it is overdue)
AUDIENCES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # п.14, 19, 25: the coordinator's own review; overdue → the authorised body and the mayor's office
    ResponsibleRole.COORDINATOR: (frozenset({A.COORDINATOR}), frozenset({A.AUTHORITY, A.MAYOR})),
    # п.15, 29: the mayor's decisions; overdue → the authorised body
    ResponsibleRole.MAYOR: (frozenset({A.MAYOR}), frozenset({A.AUTHORITY})),
    # п.16, 17, 20, 24: the lead and the team; overdue → the coordinator of the direction
    ResponsibleRole.LEAD: (frozenset({A.LEAD, A.TEAM}), frozenset({A.COORDINATOR})),
}


def _short(last: str | None, first: str | None, patronymic: str | None) -> str:
    if not last:
        return ""
    initials = "".join(f"{p[0]}." for p in (first, patronymic) if p)
    return f"{last} {initials}".strip()


def _escalation_note(row: dict) -> str:
    responsible = row["responsible"]
    if responsible == ResponsibleRole.COORDINATOR:
        who = _short(
            row["project__department__direction__coordinator__last_name"],
            row["project__department__direction__coordinator__first_name"],
            row["project__department__direction__coordinator__patronymic"],
        )
        return _("Срок нарушил координатор направления — %(who)s") % {"who": who or "—"}
    if responsible == ResponsibleRole.MAYOR:
        return _("Решение Мэра не принято в срок.")
    who = _short(
        row["project__lead__last_name"], row["project__lead__first_name"], row["project__lead__patronymic"]
    )
    return _("Срок нарушили руководитель проекта %(who)s и команда проекта.") % {"who": who or "—"}


def deadline_reminders(day: dt.date) -> Iterator[Item]:
    """One query for the overdue bound, then one query per page of due rows (keyset by id)."""
    base = Deadline.objects.open()
    earliest = base.filter(due_on__lt=day).aggregate(m=Min("due_on"))["m"]
    slots = reminder_slots(day, earliest=earliest)
    rows = (
        base.filter(due_on__in=list(slots))
        .exclude(project__status__in=INACTIVE)
        .values(
            "pk",
            "project_id",
            "stage",
            "clause",
            "responsible",
            "started_on",
            "due_on",
            "project__lead__last_name",
            "project__lead__first_name",
            "project__lead__patronymic",
            "project__department__direction__coordinator__last_name",
            "project__department__direction__coordinator__first_name",
            "project__department__direction__coordinator__patronymic",
        )
        .order_by("pk")
    )
    last = 0
    while True:
        page = list(rows.filter(pk__gt=last)[:PAGE])
        if not page:
            return
        last = page[-1]["pk"]
        for row in page:
            slot = slots[row["due_on"]]
            if slot.kind == Kind.COMING and row["started_on"] >= day:
                continue  # the clock started today: the event notification has just told them
            acting, escalation = AUDIENCES.get(row["responsible"], AUDIENCES[ResponsibleRole.LEAD])
            common = {
                "source": SOURCE,
                "object_key": str(row["pk"]),
                "project_id": row["project_id"],
                "what": str(Stage.label_of(row["stage"])),
                "clause": row["clause"],
                "due_on": row["due_on"],
                "days_left": slot.days,
            }
            yield Item(kind=slot.kind, audience=acting, **common)
            if slot.kind == Kind.OVERDUE:
                yield Item(
                    kind=Kind.ESCALATION,
                    audience=escalation - acting,
                    note=_escalation_note(row),
                    **common,
                )
        if len(page) < PAGE:
            return
