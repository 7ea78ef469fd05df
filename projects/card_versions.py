"""The versions of the card as the journal keeps them (Положение п.13–15, 22): each text that was
submitted, agreed, signed or changed, with its own date and the stage the project was at, and what
changed against the text in force before it — field by field, old → new."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from .card_diff import FieldChange, card_diff
from .choices import CardChangeKind, Status
from .models import JournalEntry, Project

# Acts after which a text of the card is in force: the Mayor's signature (п.15), a change of the
# dates and the team agreed by the coordinator (п.22), a change of the signed card signed by the
# Mayor (п.15, 22).
IN_FORCE = ("sign_card", "card_change_approve", "card_amendment_sign")
# Acts that propose a text not yet in force.
PROPOSALS = ("submit_card", "approve_card", "card_change_submit", "card_amendment_agree")


@dataclass
class CardVersion:
    entry: JournalEntry
    number: int | None  # the edition (1 = as signed) or the change's number
    in_force: bool  # a text that came into force (now or earlier)
    current: bool  # the text in force now
    stage: str  # the stage's label when the act was taken
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def needs_mayor(self) -> bool:
        return any(c.needs_mayor for c in self.changes)

    @property
    def title(self) -> str:
        return version_title(self)


def change_of(snapshot: dict[str, Any] | None) -> dict[str, Any]:
    """The change marker a change's journal snapshot carries (`projects.services._change_snapshot`)."""
    return (snapshot or {}).get("change") or {}


def stages_at(project: Project) -> dict[int, str]:
    """For each journal row: the label of the stage the project was at when it was written (the stage
    a transition left, for a transition)."""
    labels = dict(Status.choices)
    stage = Status.DRAFT
    result = {}
    for pk, from_status, to_status in project.journal.order_by("at", "id").values_list(
        "pk", "from_status", "to_status"
    ):
        result[pk] = str(labels.get(from_status or stage, from_status or stage))
        if to_status:
            stage = to_status
    return result


def card_versions(project: Project) -> list[CardVersion]:
    """Every stored text of the card, oldest first, each compared with the text in force before it
    (before the first signature: with the previous text)."""
    entries = list(
        project.journal.filter(Q(snapshot_kind="card") | Q(action="card_change_start"))
        .select_related("actor")
        .order_by("at", "id")
    )
    stages = stages_at(project) if entries else {}
    rows: list[CardVersion] = []
    in_force: dict | None = None
    previous: dict | None = None
    started = 1  # each change is numbered from 2 when it is started
    for entry in entries:
        if entry.action == "card_change_start":
            started += 1
            continue
        snap = entry.snapshot or {}
        number = change_of(snap).get("number")
        if number is None:
            number = 1 if entry.action in ("submit_card", "approve_card", "sign_card") else started
        base = in_force if in_force is not None else previous
        row = CardVersion(
            entry=entry,
            number=number,
            in_force=entry.action in IN_FORCE,
            current=False,
            stage=stages.get(entry.pk, ""),
            changes=card_diff(base, snap) if base is not None else [],
        )
        rows.append(row)
        previous = snap
        if row.in_force:
            in_force = snap
    current = [r for r in rows if r.in_force]
    if current:
        current[-1].current = True
    return rows


def version_title(version: CardVersion) -> str:
    """«Редакция 2 — изменения согласованы координатором (п.22)» and the like."""
    action, n = version.entry.action, version.number
    kind = change_of(version.entry.snapshot).get("kind")
    if action == "sign_card":
        return _("Редакция 1 — утверждена Мэром (п.15)")
    if action == "card_change_approve":
        return _("Редакция %(n)s — изменения согласованы координатором (п.22)") % {"n": n}
    if action == "card_amendment_sign":
        return _("Редакция %(n)s — изменения утверждены Мэром (п.15)") % {"n": n}
    if action == "card_change_submit":
        if kind == CardChangeKind.SIGNED:
            return _("Проект изменения (версия %(n)s) — направлен координатору, затем на подпись Мэру") % {
                "n": n
            }
        return _("Проект изменения (версия %(n)s) — направлен координатору (п.22)") % {"n": n}
    if action == "card_amendment_agree":
        return _("Проект изменения (версия %(n)s) — согласован координатором, на подписи у Мэра") % {"n": n}
    return version.entry.label


def in_force_snapshot(project: Project) -> dict | None:
    """The text of the card in force: the snapshot of the last act that brought one into force."""
    entry = project.journal.filter(snapshot_kind="card", action__in=IN_FORCE).order_by("-at", "-id").first()
    return entry.snapshot if entry is not None else None
