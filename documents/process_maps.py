"""The process maps as a document (Положение п.16; Прил. 2): «1. КАРТА текущего состояния процесса»
and «2. КАРТА целевого состояния процесса», each with its diagram (`maps.svg`, the one renderer of
the page, the PDF and the slides) at the full width of an A4 landscape page and cut between its
bands when it is longer than a page, the legend, the steps with their durations, the numbered
problems or improvement proposals (the note <*> of Прил. 2), then the process metrics before and
after (DOMAIN «Metrics»).

A map whose stage has ended is printed from the snapshot taken then (п.16.1, 16.2); a map still
being drawn is printed from the live data and the document is marked «ПРОЕКТ»; a map not started
yet is marked as missing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from maps.choices import MapKind, StepKind, ValueClass
from maps.durations import format_minutes_long, format_step
from maps.metrics import share_formula
from projects.models import Project
from workdays import clock

from .files import DocumentFile, pdf_file
from .images import pages_of_map
from .pdf import render_pdf
from .sources import MapSource, map_comparison, map_sources

TEMPLATE = "documents/maps.html"
# A4 landscape, ГОСТ Р 7.0.97-2025 margins (20 mm left, 10 mm right, 20 mm top and bottom).
PAGE_WIDTH_MM = 297 - 30
PAGE_HEIGHT_MM = 210 - 40
# Eight steps a band keep 11 px text at about 8 pt on the page.
COLUMNS = 6


@dataclass(frozen=True)
class MapsDocument:
    context: dict[str, Any]
    draft: bool
    footer: str
    filename: str


def _steps(source: MapSource) -> list[dict]:
    lanes = source.data.lanes_by_id
    rows = []
    for step in source.data.steps:
        lane = lanes.get(step.lane_id)
        notes = []
        if step.visit:
            notes.append(_("визит заявителя"))
        elif step.is_client_action(lanes):
            notes.append(_("действие заявителя"))
        if step.waste_types:
            notes.append(_("потери: %(w)s") % {"w": ", ".join(step.waste_types)})
        if step.documents:
            notes.append(_("документы: %(d)s") % {"d": "; ".join(step.documents)})
        marks = step.problem_numbers if source.kind == MapKind.CURRENT else step.proposal_numbers
        rows.append(
            {
                "number": step.number,
                "lane": lane.name if lane else "—",
                "name": step.name,
                "kind": StepKind.label_of(step.kind),
                "value": ValueClass.label_of(step.value_class),
                "value_class": step.value_class,
                "duration": format_step(step.duration_minutes, step.duration_unit),
                "notes": notes,
                "marks": marks,
            }
        )
    return rows


def problem_rows(source: MapSource) -> list[dict]:
    steps = {s.id: s.number for s in source.data.steps}
    return [
        {
            "number": p.number,
            "text": p.text,
            "steps": sorted(steps[i] for i in p.step_ids if i in steps),
            "waste": p.waste_types,
            "proposals": p.proposal_numbers,
            "no_proposal_reason": p.no_proposal_reason,
        }
        for p in source.data.problems
    ]


def proposal_rows(source: MapSource) -> list[dict]:
    steps = {s.id: s.number for s in source.data.steps}
    return [
        {
            "number": p.number,
            "text": p.text,
            "steps": sorted(steps[i] for i in p.step_ids if i in steps),
            "problems": p.problem_numbers,
        }
        for p in source.data.proposals
    ]


def map_section(
    source: MapSource, *, project_title: str, ordinal: int, first_mm: float = PAGE_HEIGHT_MM - 36
) -> dict[str, Any]:
    """One map of Прил. 2 as the template prints it; `first_mm` is the room left under the heading
    on the page it starts on."""
    from maps.svg import render_data_svg

    pictures = []
    if source.has_steps:
        svg = render_data_svg(source.data, columns=COLUMNS, title=project_title)
        pictures = pages_of_map(svg, width_mm=PAGE_WIDTH_MM, first_mm=first_mm, other_mm=PAGE_HEIGHT_MM - 2)
    is_current = source.kind == MapKind.CURRENT
    return {
        "kind": source.kind,
        "ordinal": ordinal,
        "heading": _("текущего состояния процесса") if is_current else _("целевого состояния процесса"),
        "exists": source.exists,
        "approved": source.approved,
        "approved_on": source.approved_on,
        "has_steps": source.has_steps,
        "pictures": pictures,
        "lanes": [lane.name for lane in source.data.lanes],
        "steps": _steps(source),
        "problems": problem_rows(source) if is_current else [],
        "proposals": [] if is_current else proposal_rows(source),
        "metrics": source.metrics,
        "lead_time": format_minutes_long(source.metrics.lead_time),
        "va_time": format_minutes_long(source.metrics.va_time),
        "formula": share_formula(source.metrics),
        "footnote": (
            _(
                "<*> 1, 2, 3, n — текстовое описание проблемы. Час. мин. — длительность процесса, перемещения или ожидания."
            )
            if is_current
            else _(
                "<*> 1, 2, 3, n — текстовое описание предложений по улучшению состояния процесса. Час. мин. — длительность процесса, перемещения или ожидания."
            )
        ),
        "missing": (
            _("Карта текущего состояния ещё не начата (Положение п.16.1).")
            if is_current
            else _("Карта целевого состояния ещё не начата (Положение п.16.2).")
        ),
    }


def maps_document(project: Project) -> MapsDocument:
    sources = map_sources(project)
    current, target = sources[MapKind.CURRENT], sources[MapKind.TARGET]
    sections = [
        # the first page also carries the title of the document
        map_section(current, project_title=project.title, ordinal=1, first_mm=PAGE_HEIGHT_MM - 62),
        map_section(target, project_title=project.title, ordinal=2),
    ]
    draft = not (current.approved and target.approved)
    now = clock.now()
    made = timezone.localtime(now).strftime("%d.%m.%Y %H:%M")
    footer = (
        _("Карты процесса, проект № %(n)s — проект документа, сформирован %(at)s")
        if draft
        else _("Карты процесса, проект № %(n)s — сформировано %(at)s")
    ) % {"n": project.number, "at": made}
    context = {
        "project": project,
        "administration": project.municipality.administration_name,
        "department": project.department.name,
        "sections": sections,
        "comparison": map_comparison(sources),
        "as_of": now,
        "status_label": project.get_status_display(),
    }
    filename = f"{project.number} {_('Карты процесса')}{' ' + _('(проект)') if draft else ''}.pdf"
    return MapsDocument(context=context, draft=draft, footer=footer, filename=filename)


def maps_file(project: Project) -> DocumentFile:
    """Прил. 2 as a PDF file named «2026-001 Карты процесса.pdf»."""
    doc = maps_document(project)
    content = render_pdf(TEMPLATE, doc.context, draft=doc.draft, footer=doc.footer, landscape=True)
    return pdf_file(content, doc.filename)
