"""The project card as a document (Положение п.13, 15, 22; Прил. 1; МР п.4.5–4.7).

An approved card is printed from the snapshot the journal stored when it was approved, with the
stamps of the acts that approved that text and its own date and stage: the Mayor's signature (п.15,
also of a later change of what he signed) with both stamps; a change of the dates and the team
agreed by the coordinator (п.22) with his «СОГЛАСОВАНО» only. Until then a text is a draft marked
«ПРОЕКТ» with blank stamp lines — the card before signing, and a change of the signed card until
the Mayor signs it, while the signed text stays in force. Whatever is not filled in is printed as a
marked gap, never an error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from projects.choices import Attitude, CardChangeKind, Influence, MemberKind, Source, Status
from projects.models import JournalEntry, Project
from projects.snapshots import card_snapshot
from workdays import clock

from . import selectors
from .files import DocumentFile, pdf_file
from .pdf import render_pdf
from .stamps import (
    BY_COORDINATOR,
    CARD_AGREE,
    CardApproval,
    card_approval,
    coordinator_stamp,
    mayor_stamp,
)
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
        # Положение п.12, 14 (issue 19.6): absent from snapshots taken before the criteria existed
        "criteria": snapshot.get("criteria") or {},
    }


def _source_of(
    project: Project, approval: CardApproval, entry: JournalEntry | None
) -> tuple[dict, bool, CardApproval]:
    """Which text to print, whether it is a draft, and the approvals that belong to that text."""
    if entry is not None:
        if approval.approved is not None and approval.approved.pk == entry.pk:
            return entry.snapshot or {}, False, approval
        if entry.action in CARD_AGREE and approval.agreed is not None and approval.agreed.pk == entry.pk:
            # Agreed by the coordinator, not yet signed (п.15).
            return entry.snapshot or {}, True, CardApproval(agreed=entry, version=approval.version)
        if entry.action == "card_amendment_agree":
            # A change of what the Mayor signed, agreed by the coordinator: a draft until he signs.
            return entry.snapshot or {}, True, CardApproval(agreed=entry, version=approval.version)
        # A text submitted for approval: nobody has approved it yet.
        return entry.snapshot or {}, True, CardApproval(version=approval.version)
    if approval.approved is not None and approval.approved.snapshot:
        return approval.approved.snapshot, False, approval
    if approval.agreed is not None and approval.agreed.snapshot and project.status == Status.CARD_SIGNING:
        return approval.agreed.snapshot, True, approval
    return card_snapshot(project), True, approval


def _heading(
    project: Project, approval: CardApproval, entry: JournalEntry | None, draft: bool, stage: str
) -> str:
    """The version, its own date and stage (the act that approved or proposed this text, from the
    journal — never the day of printing); for a live draft, the moment it is printed."""
    row = entry if entry is not None else (approval.approved if not draft else None)
    if row is None:
        return _("Проект карточки по состоянию на %(at)s (стадия «%(stage)s»)") % {
            "at": _at(clock.now()),
            "stage": project.get_status_display(),
        }
    on, marker = short_date(row.at), (row.snapshot or {}).get("change") or {}
    if not draft and approval.approved_by == BY_COORDINATOR:
        return _(
            "Редакция %(n)s от %(on)s: изменения сроков и состава команды согласованы координатором "
            "(Положение п.22); стадия «%(stage)s». Цели, целевые показатели, границы процесса и "
            "руководитель — в редакции %(m)s, утверждённой Мэром %(signed)s."
        ) % {
            "n": approval.version,
            "on": on,
            "stage": stage,
            "m": approval.mayor_version,
            "signed": short_date(approval.mayor_signed.at) if approval.mayor_signed else "—",
        }
    if not draft and approval.version > 1:
        return _(
            "Редакция %(n)s от %(on)s: изменения карточки утверждены Мэром (Положение п.15, 22); "
            "стадия «%(stage)s»."
        ) % {"n": approval.version, "on": on, "stage": stage}
    if not draft:
        return _("Редакция 1 от %(on)s: карточка утверждена Мэром (Положение п.15); стадия «%(stage)s».") % {
            "on": on,
            "stage": stage,
        }
    if marker:
        state = (
            _("согласован координатором, ждёт подписи Мэра")
            if row.action == "card_amendment_agree"
            else _("направлен координатору")
        )
        return _(
            "Проект изменения карточки (версия %(n)s) от %(on)s: %(state)s; стадия «%(stage)s». Не "
            "действует: до утверждения действует редакция %(v)s."
        ) % {"n": marker.get("number"), "on": on, "state": state, "stage": stage, "v": approval.version}
    return _("Проект карточки от %(on)s (%(what)s); стадия «%(stage)s»") % {
        "on": on,
        "what": row.label,
        "stage": stage,
    }


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
    marker = (snapshot or {}).get("change") or {}
    # A change of п.22 is agreed by the coordinator alone: no «УТВЕРЖДАЮ» of the Mayor, neither on
    # the text in force nor on its draft (п.15 applies only to what the Mayor signs).
    mayor_stamped = not (
        (not draft and approval.approved_by == BY_COORDINATOR)
        or (draft and marker.get("kind") == CardChangeKind.PLAN)
    )
    row = entry if entry is not None else (approval.approved if not draft else None)
    stage = selectors.stage_at(project=project, entry=row) if row is not None else ""
    now = clock.now()
    number = card["number"] or project.number
    if draft:
        footer = _("Карточка проекта № %(number)s — проект документа, сформирован %(at)s") % {
            "number": number,
            "at": _at(now),
        }
    elif approval.approved_by == BY_COORDINATOR:
        footer = _(
            "Карточка проекта № %(number)s, редакция %(n)s — изменения согласованы координатором %(date)s, "
            "сформировано %(at)s"
        ) % {
            "number": number,
            "n": approval.version,
            "date": short_date(approval.approved.at),
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
        "mayor_stamped": mayor_stamped,
        "heading": _heading(project, approval, entry, draft, stage),
        "as_of": now,
        "status_label": project.get_status_display(),
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
