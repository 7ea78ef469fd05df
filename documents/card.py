"""The project card as a document (Положение п.13, 15, 22; Прил. 1; МР п.4.5–4.7).

An approved card is printed from the snapshot the journal stored when it was approved — the
mayor's signature (п.15) or, later, the coordinator's consent to a change (п.22) — with both
stamps filled. Until then the card is a draft marked «ПРОЕКТ»: from the text the coordinator
agreed to while it waits for the signature, otherwise from the live card; its stamps are blank
lines. Whatever is not filled in is printed as a marked gap, never an error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from projects.choices import Attitude, Influence, MemberKind, Source, Status
from projects.models import JournalEntry, Project
from projects.snapshots import card_snapshot
from workdays import clock

from . import selectors
from .files import DocumentFile, pdf_file
from .pdf import render_pdf
from .sources import stage_at
from .stamps import CardApproval, card_approval, coordinator_stamp, mayor_stamp
from .text import as_date, short_date

TEMPLATE = "documents/card.html"


@dataclass(frozen=True)
class CardDocument:
    context: dict[str, Any]
    draft: bool
    footer: str
    filename: str


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def normalise(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A card snapshot (stored JSON or live) in the shape the template prints; tolerant of older
    snapshots that lack a key."""
    events = snapshot.get("key_events") or {}
    team = [
        m
        for m in snapshot.get("team") or []
        if (m.get("kind") or MemberKind.MEMBER) == MemberKind.MEMBER and m.get("user")
    ]
    return {
        "number": snapshot.get("number", ""),
        "title": snapshot.get("title", ""),
        "department": (snapshot.get("department") or {}).get("name", ""),
        "lead": snapshot.get("lead"),
        "coordinator": snapshot.get("coordinator"),
        "source": snapshot.get("source") or Source.INITIATIVE,
        "source_label": _label(Source, snapshot.get("source") or Source.INITIATIVE),
        "source_reference": snapshot.get("source_reference", ""),
        "process_customer": snapshot.get("process_customer", ""),
        "project_customer": snapshot.get("project_customer", ""),
        "process_owner": snapshot.get("process_owner", ""),
        "perimeter": [d.get("name", "") for d in snapshot.get("perimeter") or []],
        "perimeter_note": snapshot.get("perimeter_note", ""),
        "boundary_start": snapshot.get("boundary_start", ""),
        "boundary_end": snapshot.get("boundary_end", ""),
        "key_risk": snapshot.get("key_risk", ""),
        "scale": snapshot.get("scale", ""),
        "dissatisfaction": snapshot.get("dissatisfaction", ""),
        "problems": snapshot.get("problems", ""),
        "indicators": snapshot.get("indicators") or [],
        "events": {key: as_date(value) for key, value in events.items()},
        "team": team,
        "stakeholders": [
            {
                **s,
                "influence_label": _label(Influence, s.get("influence", "")),
                "attitude_label": _label(Attitude, s.get("attitude", "")),
            }
            for s in snapshot.get("stakeholders") or []
        ],
    }


def _source_of(
    project: Project, approval: CardApproval, entry: JournalEntry | None
) -> tuple[dict, bool, CardApproval]:
    """Which text to print, whether it is a draft, and the approvals that belong to that text."""
    if entry is not None:
        if approval.approved is not None and approval.approved.pk == entry.pk:
            return entry.snapshot or {}, False, approval
        if approval.agreed is not None and approval.agreed.pk == entry.pk:
            # Agreed by the coordinator, not yet signed (п.15).
            return entry.snapshot or {}, True, CardApproval(agreed=entry, version=approval.version)
        # A text submitted for approval: nobody has approved it yet.
        return entry.snapshot or {}, True, CardApproval(version=approval.version)
    if approval.approved is not None and approval.approved.snapshot:
        return approval.approved.snapshot, False, approval
    if approval.agreed is not None and approval.agreed.snapshot and project.status == Status.CARD_SIGNING:
        return approval.agreed.snapshot, True, approval
    return card_snapshot(project), True, approval


def card_document(project: Project, *, entry: JournalEntry | None = None) -> CardDocument:
    """What the card PDF prints: the card in force (or the version of journal row `entry`)."""
    journal = selectors.card_journal(project=project)
    if entry is not None and all(e.pk != entry.pk for e in journal):
        journal.append(entry)  # a snapshot kind the walker does not know: printed as a draft
    approval = card_approval(journal, until=entry)
    snapshot, draft, approval = _source_of(project, approval, entry)
    card = normalise(snapshot)
    municipality = project.municipality
    agreed = coordinator_stamp(approval.agreed, municipality)
    signed = mayor_stamp(approval.signed, municipality)
    now = clock.now()
    number = card["number"] or project.number
    version_note = ""
    if not draft and approval.version > 1 and approval.approved is not None:
        version_note = _(
            "Редакция %(n)s: изменения карточки согласованы координатором %(date)s (Положение п.22)."
        ) % {"n": approval.version, "date": short_date(approval.approved.at)}
    if draft:
        footer = _("Карточка проекта № %(number)s — проект документа, сформирован %(at)s") % {
            "number": number,
            "at": _at(now),
        }
    else:
        footer = _("Карточка проекта № %(number)s — утверждена %(date)s, сформировано %(at)s") % {
            "number": number,
            "date": short_date(approval.signed.at if approval.signed else approval.approved.at),
            "at": _at(now),
        }
    context = {
        "card": card,
        "number": number,
        "administration": municipality.administration_name,
        "agreed": agreed,
        "signed": signed,
        "version_note": version_note,
        # A version printed from its journal row carries that row's date and the stage of that
        # date (issue 20); the live draft is «по состоянию на» now.
        "as_of": entry.at if entry is not None else now,
        "status_label": stage_at(project, entry.at) if entry is not None else project.get_status_display(),
    }
    suffix = f" {_('редакция')} {approval.version}" if approval.version > 1 and not draft else ""
    filename = f"{number} {_('Карточка проекта')}{suffix}{' ' + _('(проект)') if draft else ''}.pdf"
    return CardDocument(context=context, draft=draft, footer=footer, filename=filename)


def _at(moment) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def card_file(project: Project, *, entry: JournalEntry | None = None) -> DocumentFile:
    """The card of Прил. 1 as a PDF file named «2026-001 Карточка проекта.pdf»."""
    doc = card_document(project, entry=entry)
    filename = doc.filename
    if entry is not None:
        filename = filename.removesuffix(".pdf") + f" {_('от')} {short_date(entry.at)}.pdf"
    return pdf_file(render_pdf(TEMPLATE, doc.context, draft=doc.draft, footer=doc.footer), filename)


def card_pdf(project: Project, *, entry: JournalEntry | None = None) -> bytes:
    """The card of Прил. 1 as PDF bytes."""
    return card_file(project, entry=entry).content
