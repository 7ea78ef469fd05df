"""The working presentation of the project (Положение п.9.9): the lead keeps one presentation in
which, as the project goes, are placed in order

а) the project card; б) the current-state map; в) the list of problems found while mapping it;
г) the target-state map; д) the approved action plan; е) the monitoring of the plan;
ж) the result of the project; з) other materials.

It is assembled from whatever exists at any stage, as 16:9 pages: a part that does not exist yet is
marked «не готово» with what is awaited, a part not approved yet is marked «ПРОЕКТ», an approved part
is printed from its approved snapshot (the card as signed, the maps as developed, the plan as
agreed, the report as sent)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from maps.choices import MapKind
from projects.choices import MeetingKind
from projects.models import IndicatorActual, Project
from projects.risks import risk_rows
from workdays import clock

from .files import DocumentFile, pdf_file
from .pdf import render_pdf
from .presentation import SLIDE_W_MM, map_slide
from .process_maps import problem_rows, proposal_rows
from .sources import (
    card_source,
    execution_counts,
    legal_acts,
    map_comparison,
    map_sources,
    plan_source,
    report_source,
)

TEMPLATE = "documents/working.html"
MAP_H_MM = 420 * 25.4 / 72
# the target map leaves room under it for its proposals
TARGET_MAP_H_MM = 330 * 25.4 / 72

READY, DRAFT, ABSENT = "ready", "draft", "absent"


@dataclass
class Part:
    letter: str
    key: str
    title: str
    state: str  # READY / DRAFT / ABSENT
    note: str = ""  # what the state means: «утверждена 10.03.2026», what is awaited
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def state_label(self) -> str:
        return {READY: _("готово"), DRAFT: _("ПРОЕКТ"), ABSENT: _("не готово")}[self.state]


def _map_part(letter: str, key: str, title: str, source, awaited: str) -> Part:
    from .text import short_date

    height = TARGET_MAP_H_MM if source.kind == MapKind.TARGET else MAP_H_MM
    slide = map_slide(source, box_w_mm=SLIDE_W_MM, box_h_mm=height)
    if not source.exists:
        return Part(letter, key, title, ABSENT, awaited)
    state = READY if source.approved else DRAFT
    note = (
        _("разработана %(d)s") % {"d": short_date(source.approved_on)}
        if source.approved
        else _("карта ещё разрабатывается")
    )
    data = {"slide": slide}
    if source.kind == MapKind.TARGET:
        data["proposals"] = proposal_rows(source)
    return Part(letter, key, title, state, note, data)


def _meetings(project: Project) -> list[dict]:
    rows = []
    for meeting in project.meetings.order_by("starts_at", "id"):
        rows.append(
            {
                "kind": meeting.get_kind_display(),
                "kind_code": meeting.kind,
                "number": meeting.number,
                "starts": timezone.localtime(meeting.starts_at),
                "held": meeting.held,
                "approved": meeting.is_protocol_approved,
                "decisions": meeting.decision_items,
            }
        )
    return rows


def _surveys(project: Project) -> list[dict]:
    from surveys.selectors import survey_summary

    from .survey import project_surveys

    return [survey_summary(s) for s in project_surveys(project)]


def _actuals(project: Project) -> list[dict]:
    rows = []
    for actual in (
        IndicatorActual.objects.filter(indicator__project_id=project.pk)
        .select_related("indicator")
        .order_by("indicator__order", "indicator_id", "measured_on", "id")
    ):
        rows.append(
            {
                "indicator": actual.indicator.name,
                "unit": actual.indicator.unit,
                "on": actual.measured_on,
                "value": actual.value,
                "source": actual.source,
            }
        )
    return rows


def parts_of(project: Project) -> list[Part]:
    from .text import short_date

    card = card_source(project)
    maps = map_sources(project)
    current, target = maps[MapKind.CURRENT], maps[MapKind.TARGET]
    plan = plan_source(project)
    report = report_source(project)

    parts = [
        Part(
            "а",
            "card",
            _("Карточка проекта"),
            READY if card.approved else DRAFT,
            (
                _("утверждена %(d)s (Положение п.15)") % {"d": short_date(card.approved_on)}
                if card.approved
                else _("карточка ещё не утверждена Мэром (Положение п.15)")
            ),
            {"card": card.card},
        ),
        _map_part(
            "б",
            "current_map",
            _("Карта текущего состояния процесса"),
            current,
            _(
                "Карта разрабатывается в течение 25 рабочих дней после утверждения карточки (Положение п.16.1)."
            ),
        ),
    ]
    problems = problem_rows(current)
    if problems:
        state = READY if current.approved else DRAFT
        note = _("по карте текущего состояния") + (
            ", " + _("разработана %(d)s") % {"d": short_date(current.approved_on)} if current.approved else ""
        )
        parts.append(Part("в", "problems", _("Перечень проблем"), state, note, {"problems": problems}))
    else:
        parts.append(
            Part(
                "в",
                "problems",
                _("Перечень проблем"),
                ABSENT,
                _("Проблемы выявляются в ходе разработки карты текущего состояния (Положение п.9.9в)."),
            )
        )
    parts.append(
        _map_part(
            "г",
            "target_map",
            _("Карта целевого состояния процесса"),
            target,
            _(
                "Карта разрабатывается в течение 10 рабочих дней после карты текущего состояния (Положение п.16.2)."
            ),
        )
    )
    # the risks of not reaching the results are determined with the target state (Положение п.10.2; МР п.5)
    parts[-1].data["risks"] = risk_rows(project)
    if plan.revision is None:
        parts.append(
            Part(
                "д",
                "plan",
                _("Утверждённый план мероприятий"),
                ABSENT,
                _("План формируется после разработки карты целевого состояния (Положение п.17)."),
            )
        )
    else:
        parts.append(
            Part(
                "д",
                "plan",
                _("Утверждённый план мероприятий"),
                READY if plan.approved else DRAFT,
                (
                    _("редакция %(n)s, согласована координатором %(d)s")
                    % {"n": plan.number, "d": short_date(plan.approved_on)}
                    if plan.approved
                    else _("план ещё не согласован координатором (Положение п.19): ниже — проект")
                ),
                {"plan": plan},
            )
        )
    if plan.approved:
        counts = execution_counts(plan.rows)
        parts.append(
            Part(
                "е",
                "monitoring",
                _("Мониторинг реализации плана мероприятий"),
                READY,
                _("по состоянию на %(d)s") % {"d": short_date(clock.today())},
                {
                    "counts": {**counts, "total": len(plan.rows)},
                    "open": [r for r in plan.rows if not r.done_on],
                    "done": [r for r in plan.rows if r.done_on],
                    "actuals": _actuals(project),
                    "meetings": [m for m in _meetings(project) if m["kind_code"] == MeetingKind.TEAM],
                },
            )
        )
    else:
        parts.append(
            Part(
                "е",
                "monitoring",
                _("Мониторинг реализации плана мероприятий"),
                ABSENT,
                _("Мониторинг ведётся после согласования плана координатором (Положение п.19, 21)."),
            )
        )
    if report.data is None:
        parts.append(
            Part(
                "ж",
                "results",
                _("Результат реализации проекта"),
                ABSENT,
                _(
                    "Отчёт о результатах формируется после выполнения последнего мероприятия (Положение п.24)."
                ),
            )
        )
    else:
        from .effect import map_charts

        parts.append(
            Part(
                "ж",
                "results",
                _("Результат реализации проекта"),
                READY if report.final else DRAFT,
                (
                    _("отчёт направлен координатору %(d)s") % {"d": short_date(report.entry.at)}
                    if report.final and report.entry is not None
                    else _("отчёт ещё формируется (Положение п.24)")
                ),
                {
                    "data": report.data,
                    "acts": legal_acts(report.data),
                    "photos": report.photos,
                    "comparison": map_comparison(maps),
                    "charts": [c.svg(width=520) for c in map_charts(current, target)],
                    "closure": report.closure,
                },
            )
        )
    meetings = _meetings(project)
    surveys = _surveys(project)
    photos = [s for s in (current, target) if s.photo]
    parts.append(
        Part(
            "з",
            "other",
            _("Иные дополнительные материалы"),
            READY if (meetings or surveys or photos) else ABSENT,
            _("совещания и протоколы, анкетирование заказчиков процесса, фотографии бумажных карт"),
            {"meetings": meetings, "surveys": surveys, "map_photos": photos},
        )
    )
    return parts


def working_file(project: Project) -> DocumentFile:
    """«2026-001 Рабочая презентация.pdf» (Положение п.9.9)."""
    from .images import file_uri

    parts = parts_of(project)
    other = parts[-1]
    other.data["map_photos"] = [
        {"kind": s.kind, "uri": file_uri(s.photo)} for s in other.data["map_photos"] if file_uri(s.photo)
    ]
    now = clock.now()
    made = timezone.localtime(now).strftime("%d.%m.%Y %H:%M")
    context = {
        "project": project,
        "administration": project.municipality.administration_name,
        "parts": parts,
        "by_key": {p.key: p for p in parts},
        "as_of": now,
        "status_label": project.get_status_display(),
        "lead": project.lead,
    }
    footer = _("Рабочая презентация, проект № %(n)s — по состоянию на %(at)s") % {
        "n": project.number,
        "at": made,
    }
    return pdf_file(
        render_pdf(TEMPLATE, context, footer=footer), f"{project.number} {_('Рабочая презентация')}.pdf"
    )
