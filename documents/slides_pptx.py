"""The defence presentation as an editable PowerPoint file (issue 8: officials adjust slides before a
defence): the same seven slides of Прил. 4 as the PDF, 16:9 (13,333 × 7,5 in), laid out from the
same `documents.presentation.Deck` — titles in the slides' title placeholders, text in text boxes,
tables as real tables, the effect as native (editable) charts, the maps as pictures: the SVG of
`maps.svg` turned into PNG (`documents.images.svgs_to_png`), the photos as they were uploaded."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from .images import svgs_to_png
from .presentation import Deck
from .xlsx import neutral_text

WIDTH = Inches(13.333)
HEIGHT = Inches(7.5)
MARGIN = Inches(0.45)
TITLE_TOP = Inches(0.3)
TITLE_H = Inches(0.75)
BODY_TOP = Inches(1.15)
BODY_H = HEIGHT - BODY_TOP - Inches(0.45)
INNER_W = WIDTH - 2 * MARGIN

NAVY = RGBColor(0x1F, 0x3B, 0x63)
GREY = RGBColor(0x55, 0x55, 0x55)
RED = RGBColor(0xB0, 0x2A, 0x37)
GREEN = RGBColor(0x14, 0x6C, 0x43)
HEADER_FILL = RGBColor(0xE6, 0xEB, 0xF2)

# The maps are pictures (Прил. 4: «фотография или скриншот листа с картой»): rasterised for the full
# width of the slide at this resolution, so that they stay sharp on a projector and in print (issue 20).
MAP_DPI = 220
# python-pptx refuses a core property longer than this (OOXML core properties).
CORE_TEXT_MAX = 255

LAYOUT_TITLE = 0  # «Титульный слайд» of the default template
LAYOUT_TITLE_ONLY = 5  # «Только заголовок»


def _num(value) -> str:
    from projects.templatetags.lean import num

    if value is None or value == "":
        return "—"
    return num(value)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(frame, text: str, *, size: int = 12, bold: bool = False, color: RGBColor | None = None, align=None):
    """Replaces the text of a frame with one paragraph."""
    frame.clear()
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _para(
    frame, text: str, *, size: int = 12, bold: bool = False, color: RGBColor | None = None, space: int = 3
):
    paragraph = frame.add_paragraph()
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    paragraph.space_before = Pt(space)
    return paragraph


def _box(slide, left, top, width, height, text: str = "", **style):
    shape = slide.shapes.add_textbox(left, top, width, height)
    frame = shape.text_frame
    frame.word_wrap = True
    if text:
        _text(frame, text, **style)
    return frame


def _title(slide, number: int, text: str, badge: str = "") -> None:
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, TITLE_TOP, INNER_W, TITLE_H
    frame = title.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    paragraph = _text(frame, text, size=26, bold=True, color=NAVY, align=PP_ALIGN.LEFT)
    if badge:
        run = paragraph.add_run()
        run.text = f"   {badge}"
        run.font.size = Pt(13)
        run.font.bold = True
        run.font.color.rgb = GREEN if badge != _("ПРОЕКТ") else RED


def _table(
    slide, left, top, width, header: list[str], rows: list[list[str]], widths: list[float], *, size=11
):
    """A real table: a header row, then the rows; `widths` are the shares of the width."""
    count = max(len(rows), 1)
    height = Inches(0.32) * (count + 1)
    shape = slide.shapes.add_table(count + 1, len(header), left, top, width, height)
    table = shape.table
    total = sum(widths)
    for index, share in enumerate(widths):
        table.columns[index].width = Emu(int(width * share / total))
    for col, title in enumerate(header):
        cell = table.cell(0, col)
        cell.fill.solid()
        cell.fill.fore_color.rgb = HEADER_FILL
        _text(cell.text_frame, title, size=size, bold=True, color=NAVY)
    if not rows:
        cell = table.cell(1, 0)
        if len(header) > 1:
            cell.merge(table.cell(1, len(header) - 1))
        _text(cell.text_frame, _("не заполнено"), size=size, color=GREY)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            _text(table.cell(r, c).text_frame, str(value), size=size)
    return shape


def _picture(slide, image: bytes | str, left, top, box_w, box_h, *, ratio: float | None = None):
    """A picture fitted into the box, centred, proportions kept."""
    from PIL import Image

    stream = io.BytesIO(image) if isinstance(image, bytes) else open(image, "rb")  # noqa: SIM115
    with stream:
        if ratio is None:
            with Image.open(stream) as im:
                ratio = im.width / im.height
            stream.seek(0)
        width, height = box_w, int(box_w / ratio)
        if height > box_h:
            height, width = box_h, int(box_h * ratio)
        slide.shapes.add_picture(
            stream, left + (box_w - width) // 2, top + (box_h - height) // 2, width=width, height=height
        )


def _draft_mark(slide, deck: Deck) -> None:
    if deck.draft:
        _box(
            slide,
            WIDTH - MARGIN - Inches(1.6),
            Inches(0.05),
            Inches(1.6),
            Inches(0.3),
            _("ПРОЕКТ"),
            size=12,
            bold=True,
            color=RED,
            align=PP_ALIGN.RIGHT,
        )


def _footer(slide, deck: Deck, number: int) -> None:
    _box(
        slide,
        MARGIN,
        HEIGHT - Inches(0.4),
        INNER_W,
        Inches(0.3),
        f"{deck.number} · {deck.title}   {number}/7",
        size=9,
        color=GREY,
        align=PP_ALIGN.RIGHT,
    )


def _chart(slide, chart, left, top, width, height) -> None:
    # The chart's data is an embedded workbook whose writer turns a text starting with «=» into a
    # formula: indicator names typed by the team are neutralised (issue 18, hole 3).
    data = CategoryChartData()
    data.categories = [neutral_text(c) for c in chart.categories]
    for name, values, _color in chart.series:
        data.add_series(neutral_text(name), values)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, width, height, data)
    native = frame.chart
    native.has_title = True
    native.chart_title.text_frame.text = chart.title
    native.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    native.has_legend = len(chart.series) > 1
    if native.has_legend:
        native.legend.position = XL_LEGEND_POSITION.BOTTOM
        native.legend.include_in_layout = False
        native.legend.font.size = Pt(10)
    plot = native.plots[0]
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(10)
    plot.data_labels.number_format = "General"
    plot.data_labels.number_format_is_linked = False
    for series, (_name, _values, color) in zip(plot.series, chart.series, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(color.lstrip("#").upper())
    native.category_axis.tick_labels.font.size = Pt(9)
    native.value_axis.tick_labels.font.size = Pt(9)


# --- The slides ------------------------------------------------------------------------------------


def _cover(prs, deck: Deck) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    _draft_mark(slide, deck)
    top = _box(slide, MARGIN, Inches(0.4), INNER_W, Inches(1.1))
    _text(top, deck.administration, size=20, bold=True, color=NAVY, align=PP_ALIGN.CENTER)
    _para(top, deck.department, size=16).alignment = PP_ALIGN.CENTER
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(1), Inches(2.3), WIDTH - Inches(2), Inches(2.0)
    _text(title.text_frame, deck.title, size=36, bold=True, align=PP_ALIGN.CENTER)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        Inches(1),
        Inches(4.6),
        WIDTH - Inches(2),
        Inches(2.2),
    )
    frame = subtitle.text_frame
    _text(
        frame,
        _("Проект по оптимизации процесса с применением инструментов бережливого управления")
        + f" · № {deck.number}",
        size=16,
        color=GREY,
        align=PP_ALIGN.CENTER,
    )
    lead = f"{_('Руководитель проекта')}: {deck.lead_name}" + (
        f", {deck.lead_position}" if deck.lead_position else ""
    )
    _para(frame, lead, size=16, space=18).alignment = PP_ALIGN.CENTER
    _para(frame, deck.occasion, size=16).alignment = PP_ALIGN.CENTER


def _card(prs, deck: Deck) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    badge = (
        _("утверждена %(d)s") % {"d": deck.card.approved_on.strftime("%d.%m.%Y")}
        if deck.card.approved and deck.card.approved_on
        else _("ПРОЕКТ")
    )
    _title(slide, 2, deck.titles[1], badge)
    _draft_mark(slide, deck)
    if deck.scan is not None:
        # Прил. 4, слайд 2: «скан утвержденной карточки Проекта»
        box_h = BODY_H - Inches(0.4)
        _picture(
            slide, deck.scan.image, MARGIN, BODY_TOP, INNER_W, box_h, ratio=deck.scan.width / deck.scan.height
        )
        _box(slide, MARGIN, BODY_TOP + box_h, INNER_W, Inches(0.35), deck.scan_caption, size=11, color=GREY)
        _footer(slide, deck, 2)
        return
    left_w = int(INNER_W * 0.43)
    right_x = MARGIN + left_w + Inches(0.25)
    right_w = INNER_W - left_w - Inches(0.25)
    frame = _box(slide, MARGIN, BODY_TOP, left_w, Inches(2.1))
    _text(frame, _("Актуальность: ключевой риск"), size=14, bold=True, color=NAVY)
    _para(frame, deck.key_risk or _("не заполнено"), size=13)
    if deck.dissatisfaction:
        _para(frame, f"{_('Неудовлетворённость заказчиков')}: {deck.dissatisfaction}", size=11, color=GREY)
    if deck.notes.get("card"):
        _para(frame, deck.notes["card"], size=10, color=RED)
    _box(
        slide,
        MARGIN,
        BODY_TOP + Inches(2.2),
        left_w,
        Inches(0.35),
        _("Команда проекта"),
        size=14,
        bold=True,
        color=NAVY,
    )
    team = [[m["name"], m["role"]] for m in deck.team]
    if deck.team_more:
        team.append([_("и ещё %(n)s") % {"n": deck.team_more}, ""])
    _table(slide, MARGIN, BODY_TOP + Inches(2.6), left_w, [_("Ф.И.О."), _("Роль")], team, [3, 2], size=10)
    _box(
        slide,
        right_x,
        BODY_TOP,
        right_w,
        Inches(0.35),
        _("Целевые показатели"),
        size=14,
        bold=True,
        color=NAVY,
    )
    indicators = [
        [i["name"], i["unit"] or "—", _num(i["current"]), _num(i["target"])] for i in deck.indicators
    ]
    _table(
        slide,
        right_x,
        BODY_TOP + Inches(0.4),
        right_w,
        [_("Наименование показателя"), _("Ед. изм."), _("Текущее значение"), _("Целевое значение")],
        indicators,
        [5, 1.6, 1.5, 1.5],
        size=10,
    )
    events_top = BODY_TOP + Inches(0.55) + Inches(0.34) * (max(len(indicators), 1) + 1) + Inches(0.35)
    _box(
        slide,
        right_x,
        events_top,
        right_w,
        Inches(0.35),
        _("Ключевые события проекта"),
        size=14,
        bold=True,
        color=NAVY,
    )
    _table(
        slide,
        right_x,
        events_top + Inches(0.4),
        right_w,
        [_("Наименование этапа"), _("Период реализации этапа")],
        [list(e) for e in deck.events],
        [3, 2],
        size=10,
    )
    _footer(slide, deck, 2)


def _map(prs, deck: Deck, number: int, kind: str, png: bytes | None) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    view = deck.maps[kind]
    source = view.source
    if source.approved and source.approved_on:
        badge = _("разработана %(d)s") % {"d": source.approved_on.strftime("%d.%m.%Y")}
    elif source.exists:
        badge = _("ПРОЕКТ")
    else:
        badge = _("не готово")
    _title(slide, number, deck.titles[number - 1], badge)
    _draft_mark(slide, deck)
    box_h = BODY_H - Inches(0.4)
    if png is not None and view.picture is not None:
        _picture(
            slide, png, MARGIN, BODY_TOP, INNER_W, box_h, ratio=view.picture.width_mm / view.picture.height_mm
        )
        _box(
            slide,
            MARGIN,
            BODY_TOP + box_h + Inches(0.05),
            INNER_W,
            Inches(0.35),
            view.caption,
            size=11,
            color=GREY,
        )
    elif view.photo_path:
        _picture(slide, str(view.photo_path), MARGIN, BODY_TOP, INNER_W, box_h)
        _box(
            slide,
            MARGIN,
            BODY_TOP + box_h,
            INNER_W,
            Inches(0.35),
            _("Фотография листа с картой процесса."),
            size=11,
            color=GREY,
        )
    else:
        _box(slide, MARGIN, BODY_TOP, INNER_W, Inches(1), view.missing, size=16, color=GREY)
    _footer(slide, deck, number)


def _problems(prs, deck: Deck) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    _title(slide, 4, deck.titles[3])
    _draft_mark(slide, deck)
    if not deck.problems:
        _box(
            slide,
            MARGIN,
            BODY_TOP,
            INNER_W,
            Inches(1),
            _("Проблемы ещё не выявлены: они отмечаются на карте текущего состояния (Положение п.16.1)."),
            size=16,
            color=GREY,
        )
    half = (len(deck.problems) + 1) // 2 if len(deck.problems) > 5 else len(deck.problems)
    columns = [deck.problems[:half], deck.problems[half:]]
    width = (INNER_W - Inches(0.3)) // 2 if columns[1] else INNER_W
    for index, items in enumerate(columns):
        if not items:
            continue
        frame = _box(slide, MARGIN + index * (width + Inches(0.3)), BODY_TOP, width, BODY_H - Inches(0.5))
        for n, problem in enumerate(items):
            paragraph = _text(frame, "", size=15) if n == 0 else _para(frame, "", size=15, space=10)
            mark = paragraph.add_run()
            mark.text = f"{problem['number']}. "
            mark.font.bold = True
            mark.font.size = Pt(16)
            mark.font.color.rgb = RED
            body = paragraph.add_run()
            body.text = problem["text"]
            body.font.size = Pt(15)
            detail = []
            if problem["steps"]:
                detail.append(_("шаги") + " " + ", ".join(map(str, problem["steps"])))
            if problem["waste"]:
                detail.append(problem["waste"])
            if detail:
                _para(frame, " · ".join(detail), size=11, color=GREY, space=0)
    if deck.problems_more:
        _box(
            slide,
            MARGIN,
            HEIGHT - Inches(0.85),
            INNER_W,
            Inches(0.35),
            _("и ещё %(n)s — в перечне проблем карты текущего состояния (Прил. 2)")
            % {"n": deck.problems_more},
            size=11,
            color=GREY,
        )
    _footer(slide, deck, 4)


def _plan(prs, deck: Deck) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    _title(slide, 6, deck.titles[5])
    _draft_mark(slide, deck)
    left_w = int(INNER_W * 0.6)
    right_x = MARGIN + left_w + Inches(0.25)
    right_w = INNER_W - left_w - Inches(0.25)
    counts = deck.counts
    head = _("Реализовано мероприятий: %(done)s из %(total)s") % {
        "done": counts["done"],
        "total": counts["total"],
    }
    if counts["overdue"]:
        head += " · " + _("с нарушением срока: %(n)s") % {"n": counts["overdue"]}
    frame = _box(slide, MARGIN, BODY_TOP, left_w, Inches(0.4), head, size=14, bold=True, color=NAVY)
    if deck.notes.get("plan"):
        _para(frame, deck.notes["plan"], size=10, color=RED)
    rows = [
        [str(r["number"]), r["title"], r["problems"], r["indicators"], r["execution"]]
        for r in deck.activities
    ]
    if deck.activities_more:
        rows.append(
            ["", _("и ещё %(n)s — в плане мероприятий (Прил. 3)") % {"n": deck.activities_more}, "", "", ""]
        )
    _table(
        slide,
        MARGIN,
        BODY_TOP + Inches(0.7),
        left_w,
        [
            "№",
            _("Мероприятие"),
            _("Решает проблемы №"),
            _("Направлено на достижение показателя"),
            _("Реализация"),
        ],
        rows,
        [0.5, 4, 1.2, 2.8, 2],
        size=10,
    )
    _box(
        slide,
        right_x,
        BODY_TOP,
        right_w,
        Inches(0.4),
        _("Достигнутые показатели и мероприятия"),
        size=14,
        bold=True,
        color=NAVY,
    )
    results = [
        [
            r["name"] + (f", {r['unit']}" if r.get("unit") else ""),
            _num(r.get("current")),
            _num(r.get("target")),
            _num(r.get("actual")),
            r["activities"],
        ]
        for r in deck.results
    ]
    _table(
        slide,
        right_x,
        BODY_TOP + Inches(0.45),
        right_w,
        [_("Показатель"), _("Было"), _("Целевое (план)"), _("Факт"), _("Мероприятия №")],
        results,
        [3.4, 1, 1.3, 1, 1.3],
        size=10,
    )
    note_top = BODY_TOP + Inches(0.6) + Inches(0.34) * (max(len(results), 1) + 1)
    _box(
        slide,
        right_x,
        note_top,
        right_w,
        Inches(0.8),
        _(
            "Мероприятия устраняют проблемы карты текущего состояния и направлены на достижение целевых показателей карточки проекта (Прил. 4, слайд 6)."
        ),
        size=10,
        color=GREY,
    )
    if deck.charts:
        _chart(slide, deck.charts[0], right_x, note_top + Inches(0.85), right_w, Inches(1.9))
    _footer(slide, deck, 6)


def _survey(slide, deck: Deck, left, top, width) -> None:
    """Slide 7: the two questionings side by side and the decisions not to hold one."""
    _box(
        slide,
        left,
        top,
        width,
        Inches(0.35),
        _("Анкетирование заказчиков процесса: до и после (средний балл из 4)"),
        size=12,
        bold=True,
        color=NAVY,
    )
    below = top + Inches(0.35)
    if deck.survey_rows:
        widths = [2.4, 1.2] + [0.9] * (len(deck.survey_header) - 3) + [1.2]
        _table(slide, left, below, width, deck.survey_header, deck.survey_rows, widths, size=9)
        below += Inches(0.28) * (len(deck.survey_rows) + 1)
    for note in deck.survey_notes:
        _box(slide, left, below, width, Inches(0.3), note, size=9, color=GREY)
        below += Inches(0.3)


def _results(prs, deck: Deck) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    _title(slide, 7, deck.titles[6])
    _draft_mark(slide, deck)
    left_w = int(INNER_W * 0.53)
    right_x = MARGIN + left_w + Inches(0.25)
    right_w = INNER_W - left_w - Inches(0.25)
    frame = _box(
        slide,
        MARGIN,
        BODY_TOP,
        left_w,
        Inches(0.4),
        _("Целевые и фактические значения показателей"),
        size=14,
        bold=True,
        color=NAVY,
    )
    if deck.notes.get("results"):
        _para(frame, deck.notes["results"], size=10, color=RED)
    rows = [
        [
            r["name"] + (f", {r['unit']}" if r.get("unit") else ""),
            _num(r.get("current")),
            _num(r.get("target")),
            _num(r.get("actual")),
            (r.get("degree_label") or "—") + (f" ({_num(r['percent'])} %)" if r.get("percent") else ""),
        ]
        for r in deck.results
    ]
    _table(
        slide,
        MARGIN,
        BODY_TOP + Inches(0.7),
        left_w,
        [_("Показатель"), _("Текущее"), _("Целевое (план)"), _("Фактическое"), _("Достижение")],
        rows,
        [3.6, 1.1, 1.1, 1.3, 2.2],
        size=10,
    )
    # rows of a narrow column wrap: about half an inch each
    acts_top = BODY_TOP + Inches(0.9) + Inches(0.5) * (max(len(rows), 1) + 1)
    # the questionnaire «до» / «после» at the foot of the column (МР п.4.4; Положение п.10.1, 10.5)
    survey_h = (
        Inches(0.35) + Inches(0.28) * (len(deck.survey_rows) + 1) + Inches(0.3) * len(deck.survey_notes)
    )
    survey_top = HEIGHT - Inches(0.5) - survey_h
    frame = _box(slide, MARGIN, acts_top, left_w, max(survey_top - acts_top, Inches(0.5)))
    _text(frame, _("Разработанные нормативные правовые и иные акты"), size=14, bold=True, color=NAVY)
    for n, act in enumerate(deck.acts, start=1):
        adopted = act["adopted_on"].strftime("%d.%m.%Y") if act.get("adopted_on") else ""
        _para(
            frame, f"{n}. {act['kind_label']} {_('от')} {adopted} № {act['number']} «{act['title']}»", size=11
        )
    if deck.acts_more:
        _para(frame, _("и ещё %(n)s — в отчёте о результатах") % {"n": deck.acts_more}, size=10, color=GREY)
    if not deck.acts:
        _para(frame, _("Принятые акты не указаны."), size=11, color=GREY)
    _survey(slide, deck, MARGIN, survey_top, left_w)

    frame = _box(slide, right_x, BODY_TOP, right_w, Inches(0.9))
    _text(frame, _("Полученный эффект"), size=14, bold=True, color=NAVY)
    effect = _para(frame, "", size=12)
    for value, label in (
        (deck.effect_hours or "—", _("человеко-часов в год высвобождено")),
        (deck.effect_money or "—", _("₽ в год экономия")),
    ):
        big = effect.add_run()
        big.text = f"{value} "
        big.font.size = Pt(20)
        big.font.bold = True
        big.font.color.rgb = GREEN
        small = effect.add_run()
        small.text = f"{label}    "
        small.font.size = Pt(11)
    chart_top = BODY_TOP + Inches(0.95)
    for chart in deck.charts[:2]:
        # the lead time is one pair of bars; the counts of the process need more room
        height = Inches(1.3) if len(chart.categories) == 1 else Inches(1.85)
        _chart(slide, chart, right_x, chart_top, right_w, height)
        chart_top += height + Inches(0.05)
    if not deck.charts:
        _box(
            slide,
            right_x,
            chart_top,
            right_w,
            Inches(0.5),
            _("Диаграммы появятся, когда будут разработаны обе карты процесса."),
            size=11,
            color=GREY,
        )
        chart_top += Inches(0.5)
    photos = deck.photos
    if photos:
        room = HEIGHT - Inches(0.45) - chart_top
        cell_w = (right_w - Inches(0.1) * (len(photos) - 1)) // len(photos)
        for index, photo in enumerate(photos):
            x = right_x + index * (cell_w + Inches(0.1))
            _picture(slide, str(photo["path"]), x, chart_top, cell_w, room - Inches(0.35))
            caption = f"{photo['kind_label']}: {photo['caption']}"
            _box(
                slide,
                x,
                chart_top + room - Inches(0.35),
                cell_w,
                Inches(0.3),
                caption[:70],
                size=9,
                color=GREY,
            )
    else:
        _box(
            slide,
            right_x,
            chart_top,
            right_w,
            Inches(0.4),
            _("Фотографии «До» и «После» не приложены."),
            size=11,
            color=GREY,
        )
    _footer(slide, deck, 7)


def build(deck: Deck) -> bytes:
    """The .pptx of the seven slides."""
    prs = Presentation()
    prs.slide_width = WIDTH
    prs.slide_height = HEIGHT
    core = prs.core_properties
    core.title = _clip(f"{deck.number} {deck.title}", CORE_TEXT_MAX)
    core.subject = _("Отчётная презентация (Прил. 4)")
    core.author = _clip(deck.lead_name, CORE_TEXT_MAX)
    core.language = "ru-RU"

    kinds = [k for k in ("current", "target") if deck.maps[k].svg]
    width_px = round(INNER_W / 914400 * MAP_DPI)
    pngs = dict(zip(kinds, svgs_to_png([deck.maps[k].svg for k in kinds], width_px=width_px), strict=True))

    _cover(prs, deck)
    _card(prs, deck)
    _map(prs, deck, 3, "current", pngs.get("current"))
    _problems(prs, deck)
    _map(prs, deck, 5, "target", pngs.get("target"))
    _plan(prs, deck)
    _results(prs, deck)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
