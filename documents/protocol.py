"""Protocols of a project's meetings as documents: the kick-off meeting, whose protocol records the
decision to initiate the project (Положение п.10.1; МР п.4.9), the team meetings (п.21, 23) and the
closing meeting chaired by the Mayor, whose protocol records the decision to close (п.10.5, 26–29;
МР п.8). A protocol that is not approved yet is printed as a draft marked «ПРОЕКТ»."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from projects.choices import MeetingKind
from projects.models import Meeting, Project
from workdays import clock

from . import selectors
from .bounds import BLOCK_LINES, shortened_note
from .files import DocumentFile, pdf_file
from .pdf import render_pdf
from .stamps import approver_stamp
from .text import short_date

TEMPLATE = "documents/protocol.html"


def kind_phrase(kind: str) -> str:
    """The protocol's subject in the genitive: «установочного совещания»."""
    return {
        MeetingKind.KICKOFF: _("установочного совещания"),
        MeetingKind.TEAM: _("заседания команды проекта"),
        MeetingKind.CLOSING: _("завершающего совещания"),
    }.get(kind, _("совещания"))


def subject(kind: str, title: str) -> str:
    """«установочного совещания по проекту «…»» — the line under «ПРОТОКОЛ»."""
    if kind == MeetingKind.TEAM:
        return _("заседания команды проекта «%(title)s»") % {"title": title}
    return _("%(kind)s по проекту «%(title)s»") % {"kind": kind_phrase(kind), "title": title}


@dataclass(frozen=True)
class Person:
    name: str  # «И.О. Фамилия»
    full_name: str
    position: str


def _person(user, position: str | None = None) -> Person | None:
    if user is None:
        return None
    return Person(
        name=user.short_name,
        full_name=user.full_name or user.username,
        position=position if position is not None else user.position,
    )


def _with_role(participants, word: str):
    return next((p for p in participants if word in (p.role or "").lower()), None)


def chair_of(meeting: Meeting, project: Project, participants) -> Person | None:
    """Who chairs: a participant marked «председатель»; otherwise the Mayor for the closing meeting
    (Положение п.26; МР п.8) and the project lead for the others (п.9.4)."""
    marked = _with_role(participants, "председат")
    if marked is not None:
        return _person(marked.user)
    if meeting.kind == MeetingKind.CLOSING:
        municipality = project.municipality
        if municipality.mayor is not None:
            return _person(municipality.mayor, municipality.mayor_title)
    return _person(project.lead)


@dataclass(frozen=True)
class ProtocolDocument:
    context: dict[str, Any]
    draft: bool
    footer: str
    filename: str


def protocol_document(meeting: Meeting, project: Project) -> ProtocolDocument:
    participants = list(meeting.participants.all())
    secretary = _with_role(participants, "секретар")
    if meeting.held:
        present = [p for p in participants if p.attended]
        absent = [p for p in participants if not p.attended]
    else:
        present, absent = [], []
    closing = selectors.closing_decision(project=project) if meeting.kind == MeetingKind.CLOSING else None
    starts = timezone.localtime(meeting.starts_at)
    draft = not meeting.is_protocol_approved
    context = {
        "meeting": meeting,
        "project": project,
        "administration": project.municipality.administration_name,
        "kind_phrase": kind_phrase(meeting.kind),
        "subject": subject(meeting.kind, project.title),
        "is_kickoff": meeting.kind == MeetingKind.KICKOFF,
        "is_closing": meeting.kind == MeetingKind.CLOSING,
        "starts": starts,
        "chair": chair_of(meeting, project, participants),
        "secretary": _person(secretary.user) if secretary else None,
        "invited": participants,
        "present": present,
        "absent": absent,
        "external": _items(
            [line.strip() for line in meeting.external_participants.splitlines() if line.strip()]
        ),
        "agenda": _items(meeting.agenda_items),
        "decisions": _items(meeting.decision_items),
        "closing": closing,
        "approval": approver_stamp(
            meeting.protocol_approved_by,
            meeting.protocol_approved_at,
            position_caption=_("(должность)"),
        ),
    }
    number = _("Протокол № %(n)s от %(date)s, проект № %(project)s") % {
        "n": meeting.number,
        "date": short_date(starts),
        "project": project.number,
    }
    made = timezone.localtime(clock.now()).strftime("%d.%m.%Y %H:%M")
    footer = (
        _("%(doc)s — проект документа, сформирован %(at)s") if draft else _("%(doc)s — сформировано %(at)s")
    ) % {"doc": number, "at": made}
    filename = _("%(project)s Протокол %(kind)s № %(n)s от %(date)s%(draft)s.pdf") % {
        "project": project.number,
        "kind": kind_phrase(meeting.kind),
        "n": meeting.number,
        "date": short_date(starts),
        "draft": " " + _("(проект)") if draft else "",
    }
    return ProtocolDocument(context=context, draft=draft, footer=footer, filename=filename)


def protocol_file(meeting: Meeting, project: Project | None = None) -> DocumentFile:
    """The protocol of `meeting` as a PDF file named with the project number, kind, number and date."""
    doc = protocol_document(meeting, project or meeting.project)
    return pdf_file(render_pdf(TEMPLATE, doc.context, draft=doc.draft, footer=doc.footer), doc.filename)


def protocol_pdf(meeting: Meeting, project: Project | None = None) -> bytes:
    """The protocol of `meeting` as PDF bytes."""
    return protocol_file(meeting, project).content


def _items(lines: list[str]) -> list[str]:
    """A numbered list of a protocol keeps at most BLOCK_LINES items, the last saying the text was
    cut: 10 000 stored lines (or control characters that split lines) made 10 000 list items and a
    15-second layout (issue 18, hole 2; bench/bench_hostile.py)."""
    if len(lines) <= BLOCK_LINES:
        return lines
    return [*lines[: BLOCK_LINES - 1], shortened_note()]
