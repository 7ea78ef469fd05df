"""Approval stamps as Russian administrative documents print them: «СОГЛАСОВАНО» and «УТВЕРЖДАЮ»,
each with a position, a signature line, «И.О. Фамилия» and a date (Положение Прил. 1, 3; DOMAIN
«Official documents»). A stamp is filled from the journal act that gave the approval and printed
as blank lines «"__" ______ 20__ г.» until that act exists.

The acts themselves live in `projects.workflow`; this module only reads the journal, so any later
document (the plan of Прил. 3, the report, protocols) builds its stamps the same way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from projects.models import JournalEntry

from .text import local_date, stamp_date


@dataclass(frozen=True)
class Stamp:
    """One approval block. `position` is printed on the first line (blank with its caption while
    unsigned, unless it is part of the form, like «Мэр ЗАТО Северск» under «УТВЕРЖДАЮ»)."""

    heading: str
    position: str = ""
    position_caption: str = ""
    position_fixed: bool = False
    name: str = ""
    signature_caption: str = ""
    on: dt.date | None = None

    @property
    def signed(self) -> bool:
        return self.on is not None

    @property
    def date_text(self) -> str:
        return stamp_date(self.on)

    @property
    def show_position(self) -> bool:
        return bool(self.position) and (self.position_fixed or self.signed)


def in_force(entries: Iterable[JournalEntry], *, grants: set[str], revokes: set[str]) -> JournalEntry | None:
    """The latest granting act that no later act revoked (entries in journal order)."""
    current = None
    for entry in entries:
        if entry.action in grants:
            current = entry
        elif entry.action in revokes:
            current = None
    return current


def signed_stamp(
    heading: str,
    entry: JournalEntry | None,
    *,
    position_caption: str = "",
    signature_caption: str = "",
    fixed_position: str = "",
    signer=None,
) -> Stamp:
    """A stamp filled from the act `entry` (blank when None). The signatory is `signer` when given
    (the Mayor signs in person even when his office records the act), otherwise the actor."""
    if entry is None:
        return Stamp(
            heading=heading,
            position=fixed_position,
            position_fixed=bool(fixed_position),
            position_caption=position_caption,
            signature_caption=signature_caption,
        )
    person = signer or entry.actor
    return Stamp(
        heading=heading,
        position=fixed_position or (person.position if person else ""),
        position_fixed=bool(fixed_position),
        position_caption=position_caption,
        name=person.short_name if person else "",
        signature_caption=signature_caption,
        on=local_date(entry.at),
    )


def coordinator_stamp(entry: JournalEntry | None, municipality=None) -> Stamp:
    """«СОГЛАСОВАНО» of the deputy mayor who curates the project (Положение п.8.3; Прил. 1, 3). The
    captions are the form's own words, with the municipality's full name: «(наименование должности
    курирующего проект заместителя Мэра ЗАТО Северск)» (issue 20: they were cut after «Мэра»)."""
    name = getattr(municipality, "name", "") or ""
    if name:
        position_caption = _("(наименование должности курирующего проект заместителя Мэра %(m)s)") % {
            "m": name
        }
        signature_caption = _("(подпись и Ф.И.О. курирующего проект заместителя Мэра %(m)s)") % {"m": name}
    else:
        position_caption = _("(наименование должности курирующего проект заместителя Мэра)")
        signature_caption = _("(подпись и Ф.И.О. курирующего проект заместителя Мэра)")
    return signed_stamp(
        _("СОГЛАСОВАНО"),
        entry,
        position_caption=position_caption,
        signature_caption=signature_caption,
    )


def mayor_stamp(entry: JournalEntry | None, municipality) -> Stamp:
    """«УТВЕРЖДАЮ / Мэр …» (Положение п.15; Прил. 1). The Mayor himself signs the card: the printed
    signatory is the municipality's mayor, or the person who recorded the act when none is set."""
    signer = None
    if entry is not None:
        signer = getattr(municipality, "mayor", None) or entry.actor
    return signed_stamp(
        _("УТВЕРЖДАЮ"),
        entry,
        fixed_position=municipality.mayor_title,
        signature_caption=_("(подпись и Ф.И.О.)"),
        signer=signer,
    )


def approver_stamp(user, at: dt.datetime | None, *, position_caption: str = "") -> Stamp:
    """«УТВЕРЖДАЮ» of a person who approved a record outside the lifecycle (a meeting protocol)."""
    if user is None or at is None:
        return Stamp(
            heading=_("УТВЕРЖДАЮ"),
            position_caption=position_caption,
            signature_caption=_("(подпись и Ф.И.О.)"),
        )
    return Stamp(
        heading=_("УТВЕРЖДАЮ"),
        position=user.position,
        position_caption=position_caption,
        name=user.short_name,
        signature_caption=_("(подпись и Ф.И.О.)"),
        on=local_date(at),
    )


# --- The card (Прил. 1) ------------------------------------------------------------------------

# The coordinator agrees the card (п.8.3, 15), a change of its dates and team (п.22, in force with
# this act) and a change of what the Mayor signed (п.15, in force only with his signature).
CARD_AGREE = {"approve_card", "card_change_approve", "card_amendment_agree"}
# The mayor's signature approves the card and opens the project (п.15), and approves a change of it.
CARD_SIGN = {"sign_card", "card_amendment_sign"}
# Acts that send the card back: the earlier agreement no longer stands (п.14, 15).
CARD_REVOKE = {"return_card", "return_card_to_coordinator"}
# Acts that put a new text of the card up for approval.
CARD_SUBMIT = {"submit_card", "card_change_submit"}
# Acts that end a change without bringing it into force.
CARD_CHANGE_DROP = {"card_change_reject", "card_amendment_return", "card_change_withdraw"}
# Each change of a signed card is numbered from 2 when it is started (`projects.services`).
CARD_CHANGE_START = "card_change_start"
CARD_ACTIONS = CARD_AGREE | CARD_SIGN | CARD_REVOKE | CARD_SUBMIT | CARD_CHANGE_DROP | {CARD_CHANGE_START}

# Whose stamps a text in force carries.
BY_MAYOR = "mayor"  # «СОГЛАСОВАНО» of the coordinator and «УТВЕРЖДАЮ» of the Mayor (п.15)
BY_COORDINATOR = "coordinator"  # «СОГЛАСОВАНО» of the coordinator only: a change of п.22


@dataclass(frozen=True)
class CardApproval:
    """Where the card stands in the journal: the coordinator's agreement and the mayor's signature of
    the text in force, the act whose snapshot is that text, its edition (1 = as signed), whose
    stamps it carries, and the Mayor's last signature of the card (the edition a change of п.22
    rests on)."""

    agreed: JournalEntry | None = None
    signed: JournalEntry | None = None
    approved: JournalEntry | None = None
    version: int = 1
    approved_by: str = BY_MAYOR
    mayor_signed: JournalEntry | None = None
    mayor_version: int = 1

    @property
    def is_approved(self) -> bool:
        return self.approved is not None


def change_number(entry: JournalEntry, default: int) -> int:
    """The number of the change a journal row's snapshot names (`projects.services`), else `default`."""
    marker = (entry.snapshot or {}).get("change") if isinstance(entry.snapshot, dict) else None
    return (marker or {}).get("number") or default


def card_approval(entries: Iterable[JournalEntry], *, until: JournalEntry | None = None) -> CardApproval:
    """Walks the card's acts in journal order (up to and including `until`)."""
    agreed = signed = approved = mayor_signed = pending = None
    version = mayor_version = started = 1
    approved_by = BY_MAYOR
    for entry in entries:
        if entry.action == CARD_CHANGE_START:
            started += 1
        elif entry.action in CARD_REVOKE:
            agreed = signed = approved = None
        elif entry.action == "approve_card":
            agreed, signed, approved = entry, None, None
        elif entry.action == "sign_card":
            signed = approved = mayor_signed = entry
            version = mayor_version = 1
            approved_by = BY_MAYOR
        elif entry.action == "card_change_approve" and approved is not None:
            # A change of the dates and the team agreed by the coordinator is the new text in force
            # (п.22); the Mayor did not sign this text, so it carries no «УТВЕРЖДАЮ».
            agreed = approved = entry
            signed = None
            version = change_number(entry, started)
            approved_by = BY_COORDINATOR
        elif entry.action == "card_amendment_agree":
            pending = entry  # agreed, not in force until the Mayor signs (п.15)
        elif entry.action == "card_amendment_sign" and approved is not None:
            agreed, signed, approved, mayor_signed = pending, entry, entry, entry
            version = mayor_version = change_number(entry, started)
            approved_by = BY_MAYOR
            pending = None
        elif entry.action in CARD_CHANGE_DROP:
            pending = None
        if until is not None and entry.pk == until.pk:
            break
    return CardApproval(
        agreed=agreed,
        signed=signed,
        approved=approved,
        version=version,
        approved_by=approved_by,
        mayor_signed=mayor_signed,
        mayor_version=mayor_version,
    )
