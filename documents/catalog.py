"""The documents of a project, as the project page lists them (issue 8: «every document and export is
one click from the page that shows its data»).

Each document registers once — its title, format and URL, and when it exists — so that the maps,
the plan, the report and the presentation, built later, appear on the page without touching it:

    from documents import catalog
    catalog.register(catalog.ProjectDocument(
        key="plan", title=_("План мероприятий (Прил. 3)"), fmt="pdf", url_name="documents:plan_pdf",
        order=40, available=lambda project, user: project.plans.exists(),
    ))

The panel is shown through `projects.panels` (registered in `DocumentsConfig.ready`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

PANEL_TEMPLATE = "documents/partials/project_documents.html"


def _always(project, user) -> bool:
    return True


@dataclass(frozen=True)
class ProjectDocument:
    key: str
    title: str
    fmt: str  # "pdf", "xlsx", "pptx"
    url_name: str  # reversed with the project's pk
    order: int = 100
    available: Callable = field(default=_always)  # (project, user) -> bool
    note: Callable | None = None  # (project) -> str, e.g. «утверждена 05.06.2026»


_documents: dict[str, ProjectDocument] = {}


def register(document: ProjectDocument) -> None:
    _documents[document.key] = document


def documents_for(project, user) -> list[dict]:
    rows = []
    for doc in sorted(_documents.values(), key=lambda d: (d.order, d.key)):
        if not doc.available(project, user):
            continue
        rows.append(
            {
                "key": doc.key,
                "title": doc.title,
                "fmt": doc.fmt,
                "url": reverse(doc.url_name, args=[project.pk]),
                "note": doc.note(project) if doc.note else "",
            }
        )
    return rows


def meeting_protocols(project) -> list[dict]:
    from .protocol import kind_phrase
    from .selectors import project_meetings

    rows = []
    for meeting in project_meetings(project=project):
        rows.append(
            {
                "title": _("Протокол %(kind)s № %(n)s")
                % {"kind": kind_phrase(meeting.kind), "n": meeting.number},
                "date": meeting.starts_at,
                "approved": meeting.is_protocol_approved,
                "url": reverse("documents:protocol_pdf", args=[project.pk, meeting.pk]),
            }
        )
    return rows


def project_panel(project, user) -> list[dict]:
    """`projects.panels` provider: the documents block of the project page."""
    return [
        {
            "template": PANEL_TEMPLATE,
            "data": {"documents": documents_for(project, user), "protocols": meeting_protocols(project)},
        }
    ]


def _card_note(project) -> str:
    from .selectors import card_journal
    from .stamps import card_approval
    from .text import short_date

    approval = card_approval(card_journal(project=project))
    if approval.approved is not None:
        return _("утверждена, редакция %(n)s от %(date)s") % {
            "n": approval.version,
            "date": short_date(approval.approved.at),
        }
    return str(_("проект документа"))


def register_builtin() -> None:
    register(
        ProjectDocument(
            key="card",
            title=_("Карточка проекта (Прил. 1)"),
            fmt="pdf",
            url_name="documents:card_pdf",
            order=10,
            note=_card_note,
        )
    )
    register(
        ProjectDocument(
            key="deadlines",
            title=_("Сроки проекта и их исполнение"),
            fmt="xlsx",
            url_name="documents:project_deadlines_xlsx",
            order=90,
        )
    )
