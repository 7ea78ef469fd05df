"""The report on the results of the project as a document (Положение п.24–25, 29): the target
indicators with their current, target and actual values and the degree of achievement, the effect
(staff hours and money a year, the maps before and after, as figures and charts), the acts adopted,
the photos «до / после», the process customers' questionnaire before and after (МР п.4.4), and the
mayor's decision once the project is closed.

The report as sent to the coordinator (п.25) — or as it stood when the project was closed (п.29) —
is printed from the journal's snapshot of that act; a report still being formed is printed from the
live data as a draft marked «ПРОЕКТ»."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from leanproj import formats
from projects.choices import Status
from projects.models import Project
from workdays import clock

from .effect import degree_chart, map_charts
from .files import DocumentFile, pdf_file
from .pdf import render_pdf
from .sources import legal_acts, map_sources, number, report_source
from .text import local_date, short_date

TEMPLATE = "documents/report.html"


@dataclass(frozen=True)
class ReportDocument:
    context: dict[str, Any]
    draft: bool
    footer: str
    filename: str


def money_text(value) -> str:
    amount = number(value)
    if amount is None:
        return ""
    return formats.number(amount)


def plain_number(value) -> str:
    amount = number(value)
    if amount is None:
        return ""
    return formats.number(amount, digits=6).replace("\u00a0", "")


def report_document(project: Project) -> ReportDocument:
    source = report_source(project)
    data = source.data or {}
    maps = map_sources(project)
    charts = map_charts(maps["current"], maps["target"])
    degree = degree_chart(data.get("indicators") or [])
    effect = data.get("effect") or {}
    draft = not source.final
    now = clock.now()
    made = timezone.localtime(now).strftime("%d.%m.%Y %H:%M")
    state = ""
    if source.entry is not None:
        if source.entry.action == "close":
            state = _("Отчёт в редакции на дату закрытия проекта %(d)s (Положение п.29).") % {
                "d": short_date(source.entry.at)
            }
        else:
            state = _("Отчёт направлен координатору %(d)s (Положение п.25).") % {
                "d": short_date(source.entry.at)
            }
    doc = _("Отчёт о результатах, проект № %(n)s") % {"n": project.number}
    footer = (
        _("%(doc)s — проект документа, сформирован %(at)s") if draft else _("%(doc)s — сформировано %(at)s")
    ) % {"doc": doc, "at": made}
    sender = source.entry.actor if source.entry is not None and source.entry.action == "send_report" else None
    if sender is None and source.final:
        sent = (
            project.journal.filter(action="send_report")
            .select_related("actor")
            .order_by("-at", "-id")
            .first()
        )
        sender = sent.actor if sent else None
    context = {
        "project": project,
        "administration": project.municipality.administration_name,
        "exists": source.data is not None,
        "data": data,
        "indicators": data.get("indicators") or [],
        "acts": legal_acts(data),
        "photos": source.photos,
        "missing_photos_note": (
            _("Фотографий из отчёта, которые больше не хранятся: %(n)s.") % {"n": source.missing_photos}
            if source.missing_photos
            else ""
        ),
        "effect": {
            "hours": plain_number(effect.get("staff_hours_per_year")),
            "money": money_text(effect.get("money_per_year")),
            "calculation": effect.get("calculation", ""),
            "other": effect.get("other", ""),
        },
        "maps": data.get("maps") or [],
        "charts": [c.svg() for c in charts],
        "degree_chart": degree.svg() if degree else "",
        "survey": data.get("survey"),
        "closure": source.closure,
        "closed_on": local_date(source.closure.closed_on) if source.closure else None,
        "state": state,
        "sender": sender,
        "as_of": now,
        "status_label": project.get_status_display(),
        "is_closed": project.status == Status.CLOSED,
    }
    filename = f"{project.number} {_('Отчёт о результатах')}{' ' + _('(проект)') if draft else ''}.pdf"
    return ReportDocument(context=context, draft=draft, footer=footer, filename=filename)


def report_file(project: Project) -> DocumentFile:
    """The report of п.24–25 as «2026-001 Отчёт о результатах.pdf»."""
    doc = report_document(project)
    return pdf_file(render_pdf(TEMPLATE, doc.context, draft=doc.draft, footer=doc.footer), doc.filename)
