"""The defence presentation (Положение п.27–28; Прил. 4): exactly the seven slides of the appendix,
16:9, with what its columns 2 and 3 ask each slide to show —

1. the organisation on top and the name of the project in the centre (as in the approved card);
2. the approved card: key risks, the team, the target indicators with their current and target
   values, the key events with their dates;
3. the current-state map («фотография или скриншот листа с картой»);
4. the key problems found while mapping the current state, briefly;
5. the target-state map;
6. the execution of the plan: the activities carried out, the problems each solves and the indicators
   reached («с указанием прямой зависимости достигнутых показателей и реализованных мероприятий»);
7. the results: the acts adopted, the target and actual values as a table, the effect as charts,
   photos «до» and «после».

`deck(project)` reads everything once; the PDF (WeasyPrint, this module) and the editable .pptx
(`documents.slides_pptx`) lay out the same `Deck`. Every slide is exactly one page: long lists are
shortened with «и ещё N …» pointing to the full document, long texts are clipped at a word.
The presentation is final once the report has been sent to the coordinator (п.25); before that it
is a draft marked «ПРОЕКТ»."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leanproj.text import plural
from maps.choices import MapKind
from maps.durations import format_minutes
from projects.choices import MeetingKind
from projects.models import Project
from workdays import clock

from .effect import Chart, map_charts
from .files import PPTX, DocumentFile, pdf_file
from .images import Picture, Scan, bands_and_legend, best_columns, file_path, fit, scan_of
from .pdf import render_pdf
from .sources import (
    CardSource,
    MapSource,
    PlanRow,
    PlanSource,
    ReportSource,
    card_source,
    execution_counts,
    legal_acts,
    map_sources,
    plan_source,
    report_source,
)
from .text import short_date

TEMPLATE = "documents/presentation.html"

# The slides of Прил. 4, column 2, in order.
SLIDE_TITLES = [
    gettext_lazy("Наименование проекта"),
    gettext_lazy("Утверждённая карточка проекта"),
    gettext_lazy("Карта текущего состояния процесса"),
    gettext_lazy("Ключевые проблемы, требующие решения"),
    gettext_lazy("Карта целевого состояния процесса"),
    gettext_lazy("Информация о выполнении плана реализации проекта"),
    gettext_lazy("Результаты реализации проекта"),
]

# A slide is 960 × 540 pt; the content area of the PDF page (static/documents/pdf.css, @page slide).
SLIDE_W_MM = 900 * 25.4 / 72
# the slide's content is 488 pt high: the title and one line of caption leave the rest to the map
MAP_BOX_H_MM = 425 * 25.4 / 72
SCAN_BOX_H_MM = 420 * 25.4 / 72

MAX_PROBLEMS = 10
MAX_ACTIVITIES = 9
MAX_INDICATORS = 5
MAX_TEAM = 9
MAX_ACTS = 4
MAX_PHOTOS = 4


def clip(text: str, limit: int) -> str:
    """Text on a slide: whitespace folded, cut at a word before `limit` characters with «…»."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.—-") or text[: limit - 1]
    return cut + "…"


def more(count: int, one: str, few: str, many: str) -> str:
    return f"{count} {plural(count, one, few, many)}" if count > 0 else ""


@dataclass
class MapSlide:
    source: MapSource
    svg: str = ""  # the drawing chosen for the slide (maps.svg), for the PNG of the .pptx
    picture: Picture | None = None
    photo_uri: str = ""
    photo_path: Any = None
    caption: str = ""
    missing: str = ""


@dataclass
class Deck:
    project: Project
    administration: str
    department: str
    title: str
    number: str
    lead_name: str
    lead_position: str
    occasion: str  # «Защита проекта 12.10.2026» / «по состоянию на …»
    draft: bool
    card: CardSource
    key_risk: str
    dissatisfaction: str
    team: list[dict]
    team_more: str
    indicators: list[dict]
    indicators_more: str
    events: list[tuple[str, str]]
    maps: dict[str, MapSlide]
    problems: list[dict]
    problems_more: str
    plan: PlanSource
    activities: list[dict]
    activities_more: str
    counts: dict[str, int]
    report: ReportSource
    results: list[dict]
    results_more: str
    acts: list[dict]
    acts_more: str
    effect_hours: str
    effect_money: str
    charts: list[Chart]
    photos: list[dict]
    # slide 7: the questionings «до» and «после» side by side, and decisions not to hold one
    survey_header: list[str] = field(default_factory=list)
    survey_rows: list[list[str]] = field(default_factory=list)
    survey_notes: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # slide key -> note of a missing part
    # slide 2: the scan of the card as the mayor signed it, when attached (Прил. 4: «скан
    # утвержденной карточки»); otherwise the slide shows the card generated from its snapshot
    scan: Scan | None = None
    scan_size_mm: tuple[float, float] = (0.0, 0.0)
    scan_caption: str = ""

    @property
    def titles(self) -> list[str]:
        return [str(t) for t in SLIDE_TITLES]


def _period(start, end) -> str:
    a, b = short_date(start), short_date(end)
    if not a and not b:
        return "—"
    return f"{a or '…'} — {b or '…'}"


def _events(card: dict) -> list[tuple[str, str]]:
    e = card.get("events") or {}
    return [
        (_("Старт проекта"), short_date(e.get("start_date")) or "—"),
        (_("Диагностика и целевое состояние"), _period(e.get("diagnostics_start"), e.get("diagnostics_end"))),
        (_("Внедрение улучшений"), _period(e.get("implementation_start"), e.get("implementation_end"))),
        (
            _("Закрепление результатов и закрытие проекта"),
            _period(e.get("closure_start"), e.get("closing_meeting_date")),
        ),
    ]


def _team(card: dict) -> list[dict]:
    people = []
    lead = card.get("lead")
    if lead:
        people.append({"name": lead.get("name", ""), "role": _("руководитель проекта")})
    for member in card.get("team") or []:
        user = member.get("user") or {}
        people.append(
            {"name": user.get("name", ""), "role": clip(member.get("team_role") or _("член команды"), 60)}
        )
    return people


def map_slide(source: MapSource, *, box_w_mm: float = SLIDE_W_MM, box_h_mm: float = MAP_BOX_H_MM) -> MapSlide:
    """The whole map on one slide: the number of steps a band is chosen so that the drawing is as
    large as the slide allows."""
    from maps.svg import render_data_svg

    from .images import file_uri

    slide = MapSlide(source=source)
    is_current = source.kind == MapKind.CURRENT
    if source.has_steps:
        steps = len(source.data.steps)

        def render(columns: int) -> str:
            # the bands and the legend: the slide's caption carries the totals, slide 4 the problems
            return bands_and_legend(render_data_svg(source.data, columns=columns, full_names=True))

        candidates = range(min(4, steps), max(min(steps, 24), 4) + 1)
        slide.svg, slide.picture = best_columns(render, candidates, box_w_mm, box_h_mm)
    elif source.photo:
        slide.photo_uri = file_uri(source.photo)
        slide.photo_path = file_path(source.photo)  # None when the storage has no path or the file is gone
    metrics = source.metrics
    if source.has_steps:
        parts = [
            _("ВПП: %(t)s") % {"t": format_minutes(metrics.lead_time)},
            _("шагов: %(n)s") % {"n": metrics.steps_total},
            _("с потерями: %(n)s") % {"n": metrics.steps_waste},
            _("участников: %(n)s") % {"n": metrics.participants},
        ]
        if is_current:
            parts.append(_("проблем: %(n)s") % {"n": len(source.data.problems)})
        else:
            parts.append(_("предложений: %(n)s") % {"n": len(source.data.proposals)})
        state = (
            _("разработана %(d)s") % {"d": short_date(source.approved_on)}
            if source.approved
            else _("проект карты")
        )
        # the target map is a plan, not a fact (issue 20)
        planned = "" if is_current else _("целевое (план)") + ": "
        slide.caption = f"{state} · {planned}" + " · ".join(parts)
    if not source.exists:
        slide.missing = (
            _("Карта текущего состояния ещё не разработана (Положение п.16.1).")
            if is_current
            else _("Карта целевого состояния ещё не разработана (Положение п.16.2).")
        )
    elif not source.has_steps and not slide.photo_uri:
        slide.missing = _("На карте пока нет шагов процесса.")
    return slide


def execution_text(row: PlanRow) -> str:
    """The execution of an activity in the words of the regulation (п.21: «выполнение Плана в
    установленные сроки»; Прил. 4, слайд 6: «реализованных мероприятий»), not the columns of the
    team's board."""
    if row.done_on:
        return _("реализовано %(d)s") % {"d": short_date(row.done_on)}
    if row.overdue:
        return _("не реализовано, срок %(d)s истёк") % {"d": short_date(row.deadline)}
    if row.deadline:
        return _("реализуется, срок %(d)s") % {"d": short_date(row.deadline)}
    return _("не реализовано")


def _activity_rows(rows: list[PlanRow]) -> list[dict]:
    """Slide 6: each activity with the problems it solves and the target indicators it serves
    («с указанием прямой зависимости достигнутых показателей и реализованных мероприятий»)."""
    return [
        {
            "number": r.number,
            "title": clip(r.title, 150),
            "problems": ", ".join(map(str, r.problems)) or "—",
            "indicators": "; ".join(clip(name, 70) for name in r.indicators) or "—",
            "execution": execution_text(r),
            "done": bool(r.done_on),
            "overdue": r.overdue and not r.done_on,
        }
        for r in rows
    ]


def _served_by(rows: list[PlanRow]) -> dict[str, list[int]]:
    """Indicator name → the numbers of the activities that serve it."""
    served: dict[str, list[int]] = {}
    for row in rows:
        for name in row.indicators:
            served.setdefault(name, []).append(row.number)
    return served


def _result_rows(project: Project, report: ReportSource) -> list[dict]:
    if report.data is not None:
        return list(report.data.get("indicators") or [])
    from projects.results import indicator_rows

    return indicator_rows(project)


def _photos(report: ReportSource) -> list[dict]:
    """Up to two photos «до» and two «после», paired."""
    before = [p for p in report.photos if p["kind"] == "before"]
    after = [p for p in report.photos if p["kind"] == "after"]
    chosen = []
    for pair in zip(before[:2], after[:2], strict=False):
        chosen.extend(pair)
    if not chosen:
        chosen = (before + after)[:2]
    return chosen[:MAX_PHOTOS]


def survey_table(survey: dict | None) -> tuple[list[str], list[list[str]], list[str]]:
    """Slide 7: the customers' questionnaire before (п.10.1) and after (п.10.5) side by side — the
    respondents, the average of every question and overall (МР п.4.4) — and each decision of the
    coordinator not to hold a questioning, with its reason. Reads the report's `survey` (old
    snapshots without the decisions too)."""
    if not survey:
        return [], [], [_("Анкетирование заказчиков процесса не проводилось (Положение п.10.1, 10.5).")]
    questions = survey.get("questions") or []
    header = [
        _("Анкетирование"),
        _("Опрошено"),
        *[_("Вопр. %(n)s") % {"n": q["number"]} for q in questions],
        _("Итого балл"),
    ]
    rows = [
        [
            label,
            str(survey["respondents"][key]),
            *[q[key] for q in questions],
            survey["overall"][key],
        ]
        for key, label in (("before", _("До (инициация)")), ("after", _("После (закрытие)")))
    ]
    notes = [
        _("%(phase)s: анкетирование не проводилось — решение координатора %(who)s от %(day)s: «%(reason)s»")
        % {
            "phase": w["phase_label"],
            "who": w["decided_by"],
            "day": w["decided_on"],
            "reason": clip(w["reason"], 160),
        }
        for w in survey.get("waivers") or []
    ]
    return header, rows, notes


def occasion_of(project: Project) -> str:
    meeting = project.meetings.filter(kind=MeetingKind.CLOSING).order_by("-starts_at", "-id").first()
    if meeting is not None:
        return _("Защита проекта (завершающее совещание) %(d)s") % {"d": short_date(meeting.starts_at)}
    return _("По состоянию на %(d)s") % {"d": short_date(clock.today())}


def _scan(project: Project) -> tuple[Scan | None, tuple[float, float], str]:
    from projects.models import SignedCardScan

    stored = SignedCardScan.objects.filter(project=project).first()
    scan = scan_of(stored)
    if scan is None:
        return None, (0.0, 0.0), ""
    caption = _("Скан карточки проекта, подписанной Мэром; приложен %(d)s") % {
        "d": short_date(stored.uploaded_at)
    }
    if scan.pages > 1:
        caption += " · " + _("страница 1 из %(n)s") % {"n": scan.pages}
    return scan, fit(scan.width, scan.height, SLIDE_W_MM, SCAN_BOX_H_MM), caption


def deck(project: Project) -> Deck:
    from .report import money_text, plain_number

    card = card_source(project)
    c = card.card
    maps = map_sources(project)
    plan = plan_source(project)
    report = report_source(project)
    lead = c.get("lead") or {}

    team = _team(c)
    indicators = c.get("indicators") or []
    problems_all = maps[MapKind.CURRENT].data.problems
    steps = {s.id: s.number for s in maps[MapKind.CURRENT].data.steps}
    problems = [
        {
            "number": p.number,
            "text": clip(p.text, 230),
            "steps": sorted(steps[i] for i in p.step_ids if i in steps),
            "waste": ", ".join(p.waste_types),
        }
        for p in problems_all[:MAX_PROBLEMS]
    ]
    rows = plan.rows
    results = _result_rows(project, report)
    served = _served_by(rows)
    acts = legal_acts(report.data)
    effect = (report.data or {}).get("effect") or {}
    if report.data is not None:
        survey = report.data.get("survey")
    else:
        from projects.results import survey_effect

        survey = survey_effect(project)
    survey_header, survey_rows, survey_notes = survey_table(survey)

    notes = {}
    if not card.approved:
        notes["card"] = _("Карточка ещё не утверждена Мэром (Положение п.15): показан проект карточки.")
    if plan.revision is None:
        notes["plan"] = _("План мероприятий ещё не сформирован (Положение п.17).")
    elif not plan.approved:
        notes["plan"] = _("План ещё не согласован координатором (Положение п.19): показан проект плана.")
    if report.data is None:
        notes["results"] = _("Отчёт о результатах ещё не сформирован (Положение п.24).")
    elif not report.final:
        notes["results"] = _("Отчёт ещё не направлен координатору (Положение п.25): данные предварительные.")

    return Deck(
        project=project,
        administration=project.municipality.administration_name,
        department=c.get("department") or project.department.name,
        title=c.get("title") or project.title,
        number=project.number,
        lead_name=lead.get("name") or project.lead.full_name,
        lead_position=lead.get("position") or project.lead.position,
        occasion=occasion_of(project),
        draft=not report.final,
        card=card,
        key_risk=clip(c.get("key_risk", ""), 380),
        dissatisfaction=clip(c.get("dissatisfaction", ""), 200),
        team=team[:MAX_TEAM],
        team_more=more(len(team) - MAX_TEAM, _("участник"), _("участника"), _("участников")),
        indicators=[
            {
                "name": clip(i.get("name", ""), 110),
                "unit": i.get("unit", ""),
                "current": i.get("current_value"),
                "target": i.get("target_value"),
            }
            for i in indicators[:MAX_INDICATORS]
        ],
        indicators_more=more(
            len(indicators) - MAX_INDICATORS, _("показатель"), _("показателя"), _("показателей")
        ),
        events=_events(c),
        maps={kind: map_slide(source) for kind, source in maps.items()},
        problems=problems,
        problems_more=more(len(problems_all) - MAX_PROBLEMS, _("проблема"), _("проблемы"), _("проблем")),
        plan=plan,
        activities=_activity_rows(rows[:MAX_ACTIVITIES]),
        activities_more=more(
            len(rows) - MAX_ACTIVITIES, _("мероприятие"), _("мероприятия"), _("мероприятий")
        ),
        counts={**execution_counts(rows), "total": len(rows)},
        report=report,
        results=[
            {
                **r,
                "name": clip(r.get("name", ""), 90),
                "activities": ", ".join(map(str, served.get(r.get("name", ""), []))) or "—",
            }
            for r in results[:MAX_INDICATORS]
        ],
        results_more=more(len(results) - MAX_INDICATORS, _("показатель"), _("показателя"), _("показателей")),
        acts=[{**a, "title": clip(a.get("title", ""), 150)} for a in acts[:MAX_ACTS]],
        acts_more=more(len(acts) - MAX_ACTS, _("акт"), _("акта"), _("актов")),
        effect_hours=plain_number(effect.get("staff_hours_per_year")),
        effect_money=money_text(effect.get("money_per_year")),
        charts=map_charts(maps[MapKind.CURRENT], maps[MapKind.TARGET]),
        photos=_photos(report),
        survey_header=survey_header,
        survey_rows=survey_rows,
        survey_notes=survey_notes,
        notes=notes,
        **dict(zip(("scan", "scan_size_mm", "scan_caption"), _scan(project), strict=True)),
    )


def _footer(d: Deck, kind: str) -> str:
    made = timezone.localtime(clock.now()).strftime("%d.%m.%Y %H:%M")
    return _("%(kind)s, проект № %(n)s — сформировано %(at)s") % {"kind": kind, "n": d.number, "at": made}


def filename(d: Deck, extension: str) -> str:
    return f"{d.number} {_('Отчётная презентация')}{' ' + _('(проект)') if d.draft else ''}.{extension}"


def presentation_file(project: Project) -> DocumentFile:
    """The seven slides of Прил. 4 as a 16:9 PDF «2026-001 Отчётная презентация.pdf»."""
    d = deck(project)
    context = {
        "deck": d,
        "titles": d.titles,
        "charts": [chart.svg(width=520) for chart in d.charts],
    }
    content = render_pdf(TEMPLATE, context, draft=d.draft, footer=_footer(d, _("Отчётная презентация")))
    return pdf_file(content, filename(d, "pdf"))


def presentation_pptx_file(project: Project) -> DocumentFile:
    """The same seven slides as an editable PowerPoint file (python-pptx), made in a child process
    under the time and memory limits of `documents.isolation` (issue 18)."""
    from .isolation import run_isolated
    from .slides_pptx import build

    d = deck(project)
    return DocumentFile(
        content=run_isolated(lambda: build(d)), filename=filename(d, "pptx"), content_type=PPTX
    )


def map_picture_for(source: MapSource, box_w_mm: float, box_h_mm: float) -> Picture | None:
    """A map fitted into a box (the working presentation)."""
    slide = map_slide(source, box_w_mm=box_w_mm, box_h_mm=box_h_mm)
    return slide.picture
