"""The process map as an SVG diagram, drawn on the server (DESIGN §3: the same renderer for the page,
the PDF and the slides; Прил. 2; DOMAIN «Practice layout»).

Lanes are rows (one per participant, the applicant's lane included), steps run left to right in
their order, each step a card coloured by its value class with the symbol of its kind
(○ ⇒ D □ ▽ ◇), its duration under it, red numbered problem markers on the current map and green
numbered proposal markers on the target map. Long maps wrap into bands of `columns` steps, each
band with all the lanes and its own time line, so an 80-step map in 10 lanes stays legible at its
natural size. Then come the totals, the legend and the numbered texts of the problems or proposals
(Прил. 2: «1, 2, 3, n — текстовое описание …»).

Plain string building, no XML library: a 200-step map renders in a few milliseconds
(bench/bench_map_svg.py)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .choices import MapKind, StepKind, ValueClass
from .data import MapData, StepData
from .durations import format_minutes, format_step
from .metrics import Metrics, compute, format_value

FONT = "PT Sans, Arial, Helvetica, sans-serif"
PAD = 16
LABEL_W = 168
COL_W = 136
CARD_W = 116
CARD_H = 60
CARD_TOP = 20  # room for the markers above the card
LANE_H = CARD_TOP + CARD_H + 30
BAND_HEAD_H = 26
TIMELINE_H = 54
BAND_GAP = 22
MIN_WIDTH = 1000
CHAR_W = 6.1  # average width of a character at 11 px, for wrapping

VALUE_COLORS = {
    ValueClass.VALUE: ("#d1e7dd", "#198754"),
    ValueClass.NECESSARY: ("#fff3cd", "#a37200"),
    ValueClass.WASTE: ("#f8d7da", "#dc3545"),
}
PROBLEM_COLOR = "#dc3545"
PROPOSAL_COLOR = "#198754"
HANDOFF_COLOR = "#0d6efd"
FLOW_COLOR = "#6c757d"

_counter = itertools.count(1)


def _esc(text) -> str:
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def wrap(text: str, width: int, max_lines: int | None = None) -> list[str]:
    """Splits text into lines of at most `width` characters at spaces; a word longer than a line is
    cut; text beyond `max_lines` ends with «…»."""
    words = str(text).split()
    lines: list[str] = []
    line = ""
    for word in words:
        if max_lines is not None and len(lines) > max_lines:
            break  # the rest is cut anyway: a stored 100 000-character name costs no more (issue 18)
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[: width - 1] + "-")
            word = word[width - 1 :]
            if max_lines is not None and len(lines) > max_lines:
                word = ""
                break
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last[: width - 1] if len(last) >= width else last) + "…"
    return lines or [""]


def _text(x, y, content, *, size=11, weight=None, anchor=None, fill="#212529", extra="") -> str:
    attrs = f'x="{x:.1f}" y="{y:.1f}" font-size="{size}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    if anchor:
        attrs += f' text-anchor="{anchor}"'
    if fill != "#212529":
        attrs += f' fill="{fill}"'
    return f"<text {attrs}{extra}>{_esc(content)}</text>"


def kind_shape(kind: str, cx: float, cy: float, *, fill: str, stroke: str, scale: float = 1.0) -> str:
    """The process-chart symbol of a step kind (DOMAIN): ○ operation, ⇒ movement, D waiting,
    □ control, ▽ storage, ◇ decision."""
    s = scale
    style = f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"'
    if kind == StepKind.MOVEMENT:
        pts = [(-8, -4), (1, -4), (1, -8), (8, 0), (1, 8), (1, 4), (-8, 4)]
        points = " ".join(f"{cx + x * s:.1f},{cy + y * s:.1f}" for x, y in pts)
        return f'<polygon class="kind-movement" points="{points}" {style}/>'
    if kind == StepKind.WAITING:
        return (
            f'<path class="kind-waiting" d="M{cx - 7 * s:.1f},{cy - 7 * s:.1f} h{7 * s:.1f} '
            f'a{7 * s:.1f},{7 * s:.1f} 0 0 1 0,{14 * s:.1f} h{-7 * s:.1f} z" {style}/>'
        )
    if kind == StepKind.CONTROL:
        return (
            f'<rect class="kind-control" x="{cx - 7 * s:.1f}" y="{cy - 7 * s:.1f}" '
            f'width="{14 * s:.1f}" height="{14 * s:.1f}" {style}/>'
        )
    if kind == StepKind.STORAGE:
        pts = [(-8, -7), (8, -7), (0, 7)]
        points = " ".join(f"{cx + x * s:.1f},{cy + y * s:.1f}" for x, y in pts)
        return f'<polygon class="kind-storage" points="{points}" {style}/>'
    if kind == StepKind.DECISION:
        pts = [(0, -8), (8, 0), (0, 8), (-8, 0)]
        points = " ".join(f"{cx + x * s:.1f},{cy + y * s:.1f}" for x, y in pts)
        return f'<polygon class="kind-decision" points="{points}" {style}/>'
    return f'<circle class="kind-operation" cx="{cx:.1f}" cy="{cy:.1f}" r="{7 * s:.1f}" {style}/>'


def _marker(cx: float, cy: float, number, color: str, css: str) -> str:
    return (
        f'<g class="{css}"><circle cx="{cx:.1f}" cy="{cy:.1f}" r="9" fill="{color}" stroke="#fff" stroke-width="1.5"/>'
        f'<text x="{cx:.1f}" y="{cy + 3.6:.1f}" font-size="10" font-weight="700" text-anchor="middle" fill="#fff">'
        f"{_esc(number)}</text></g>"
    )


@dataclass
class _Layout:
    columns: int
    width: float
    lanes: list
    lane_index: dict[int, int]
    labels: dict[str, str]
    durations: dict[tuple[int, str | None], str]
    name_lines: int = 3
    card_h: float = CARD_H
    lane_h: float = LANE_H

    def duration(self, minutes: int, unit: str | None = None) -> str:
        # gettext costs more than the drawing itself: each distinct duration is worded once.
        # A step is worded in the unit it was measured in; a total keeps `format_minutes`.
        key = (minutes, unit)
        text = self.durations.get(key)
        if text is None:
            text = self.durations[key] = (
                format_minutes(minutes) if unit is None else format_step(minutes, unit)
            )
        return text


def _labels() -> dict[str, str]:
    return {
        "client": _("(заявитель)"),
        "time": _("Время по шагам"),
        "row": _("в строке: %(t)s"),
        "waste": _("потери"),
        "docs": _("документы"),
        "visit": _("визит"),
        "applicant": _("заявитель"),
        "doc_count": _("документов: %(n)s"),
        "band": _("Шаги %(a)s–%(b)s из %(n)s"),
        "band_one": _("Шаг %(a)s из %(n)s"),
    }


def render_map_svg(
    source,
    *,
    columns: int = 8,
    title: str | None = None,
    id_prefix: str | None = None,
    metrics: Metrics | None = None,
    compact: bool = False,
) -> str:
    """The SVG of a map. `source` is a `ProcessMap` (read from the database) or a `MapData` (e.g. an
    approved snapshot from the journal). The same function serves the page, the PDF and the slides."""
    if isinstance(source, MapData):
        data = source
    else:
        from .selectors import map_data

        data = map_data(source, title=source.project.title)
    return render_data_svg(
        data, columns=columns, title=title, id_prefix=id_prefix, metrics=metrics, compact=compact
    )


def render_data_svg(
    data: MapData,
    *,
    columns: int = 8,
    title: str | None = None,
    id_prefix: str | None = None,
    metrics: Metrics | None = None,
    compact: bool = False,
    full_names: bool = False,
) -> str:
    """`compact` leaves out the totals, the legend and the numbered texts: an overview for a page
    that shows the metrics and the problems beside it (the project page). `full_names` wraps the
    name of every step in full, the cards as tall as the longest name needs (a slide of the defence
    shows the map as it is, issue 20); otherwise a name is cut after three lines."""
    columns = max(2, int(columns))
    metrics = metrics or compute(data)
    prefix = id_prefix or f"pm{next(_counter)}"
    lanes = list(data.lanes)
    known = {lane.id for lane in lanes}
    for step in data.steps:  # a snapshot or a broken row must never break the drawing
        if step.lane_id not in known:
            from .data import LaneData

            lanes.append(LaneData(id=step.lane_id, name="?"))
            known.add(step.lane_id)
    used_columns = min(columns, max(len(data.steps), 1))
    width = max(MIN_WIDTH, PAD * 2 + LABEL_W + used_columns * COL_W + 24)
    layout = _Layout(columns, width, lanes, {lane.id: i for i, lane in enumerate(lanes)}, _labels(), {})
    if full_names and data.steps:
        # a stored name is at most 300 characters: 24 lines of 17 always hold it
        lines = max(len(wrap(step.name, 17, 24)) for step in data.steps)
        if lines > layout.name_lines:
            layout.name_lines = lines
            layout.card_h = 36 + (lines - 1) * 11.5
            layout.lane_h = CARD_TOP + layout.card_h + 30

    out: list[str] = []
    y = PAD
    heading = MapKind.label_of(data.kind) if data.kind in MapKind.values else _("Карта процесса")
    out.append(_text(PAD, y + 14, heading, size=16, weight="700"))
    project_title = title if title is not None else data.title
    if project_title:
        out.append(_text(PAD, y + 34, wrap(project_title, int((width - 2 * PAD) / CHAR_W), 1)[0], size=12))
    y += 48

    if not data.steps:
        out.append(
            _text(
                PAD,
                y + 20,
                _("На карте пока нет шагов: добавьте участников процесса и шаги по порядку."),
                size=12,
                fill="#6c757d",
            )
        )
        y += 40
    else:
        for band_start in range(0, len(data.steps), columns):
            band = data.steps[band_start : band_start + columns]
            y = _band(out, data, layout, band, band_start, y, prefix)
            y += BAND_GAP

    if not compact:
        y = _totals(out, metrics, width, y)
        y = _legend(out, data, width, y)
        y = _texts(out, data, width, y)
    height = y + PAD

    desc = _("Шагов: %(steps)s; участников: %(lanes)s; время протекания процесса: %(lead)s.") % {
        "steps": metrics.steps_total,
        "lanes": metrics.participants,
        "lead": format_minutes(metrics.lead_time),
    }
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="process-map process-map-{_esc(data.kind)}" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'font-family="{FONT}" role="img" aria-labelledby="{prefix}-title {prefix}-desc">'
        f'<title id="{prefix}-title">{_esc(heading)}{": " + _esc(project_title) if project_title else ""}</title>'
        f'<desc id="{prefix}-desc">{_esc(desc)}</desc>'
        "<defs>"
        f'<marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{FLOW_COLOR}"/></marker>'
        f'<marker id="{prefix}-arrow-h" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{HANDOFF_COLOR}"/></marker>'
        "</defs>"
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
    )
    return head + "".join(out) + "</svg>"


def _band(
    out: list[str], data: MapData, layout: _Layout, band: list[StepData], start: int, y: float, prefix: str
) -> float:
    lanes = layout.lanes
    width = layout.width
    left = PAD + LABEL_W
    total = len(data.steps)
    first, last = band[0].number, band[-1].number
    out.append(f'<g class="band" data-first="{first}" data-last="{last}">')
    labels = layout.labels
    if first != last:
        label = labels["band"] % {"a": first, "b": last, "n": total}
    else:
        label = labels["band_one"] % {"a": first, "n": total}
    out.append(_text(PAD, y + 16, label, size=12, weight="700", fill="#495057"))
    y += BAND_HEAD_H
    top = y
    # Lanes: a row per participant, the applicant's lane tinted.
    for i, lane in enumerate(lanes):
        ly = top + i * layout.lane_h
        fill = "#eef5ff" if lane.is_client else ("#f8f9fa" if i % 2 else "#ffffff")
        out.append(
            f'<rect class="lane" x="{PAD}" y="{ly:.1f}" width="{width - 2 * PAD:.1f}" height="{layout.lane_h}" '
            f'fill="{fill}" stroke="#ced4da" stroke-width="1"/>'
        )
        out.append(
            f'<rect x="{PAD}" y="{ly:.1f}" width="{LABEL_W - 8}" height="{layout.lane_h}" fill="#e9ecef" stroke="#ced4da"/>'
        )
        name_lines = wrap(lane.name, 24, 4)
        if lane.is_client and "заявит" not in lane.name.casefold():
            name_lines = name_lines[:3] + [labels["client"]]
        base = ly + layout.lane_h / 2 - (len(name_lines) - 1) * 7
        for k, line in enumerate(name_lines):
            out.append(
                _text(
                    PAD + 8,
                    base + k * 14 + 4,
                    line,
                    size=11,
                    weight="700",
                    fill="#0a58ca" if lane.is_client else "#212529",
                )
            )
    lanes_bottom = top + len(lanes) * layout.lane_h

    positions = {}
    for col, step in enumerate(band):
        li = layout.lane_index[step.lane_id]
        x = left + col * COL_W + (COL_W - CARD_W) / 2
        cy = top + li * layout.lane_h + CARD_TOP
        positions[step.id] = (x, cy)

    # Flow: an arrow from each step to the next; a hand-off to another lane is drawn in blue.
    for a, b in zip(band, band[1:], strict=False):
        ax, ay = positions[a.id]
        bx, by = positions[b.id]
        sx, sy = ax + CARD_W, ay + layout.card_h / 2
        ex, ey = bx, by + layout.card_h / 2
        handoff = a.lane_id != b.lane_id
        color, marker = (HANDOFF_COLOR, f"{prefix}-arrow-h") if handoff else (FLOW_COLOR, f"{prefix}-arrow")
        if handoff:
            mx = (sx + ex) / 2
            d = f"M{sx:.1f},{sy:.1f} H{mx:.1f} V{ey:.1f} H{ex - 1:.1f}"
        else:
            d = f"M{sx:.1f},{sy:.1f} H{ex - 1:.1f}"
        css = "flow handoff" if handoff else "flow"
        out.append(
            f'<path class="{css}" d="{d}" fill="none" stroke="{color}" stroke-width="1.6" marker-end="url(#{marker})"/>'
        )
    # The flow continues in the next band / comes from the previous one.
    if start > 0:
        x, cy = positions[band[0].id]
        out.append(
            f'<path class="flow" d="M{left - 6:.1f},{cy + layout.card_h / 2:.1f} H{x - 1:.1f}" fill="none" '
            f'stroke="{FLOW_COLOR}" stroke-width="1.6" stroke-dasharray="4 3" marker-end="url(#{prefix}-arrow)"/>'
        )
    if band[-1].number < total:
        x, cy = positions[band[-1].id]
        out.append(
            f'<path class="flow" d="M{x + CARD_W:.1f},{cy + layout.card_h / 2:.1f} H{x + CARD_W + 14:.1f}" fill="none" '
            f'stroke="{FLOW_COLOR}" stroke-width="1.6" stroke-dasharray="4 3" marker-end="url(#{prefix}-arrow)"/>'
        )

    for step in band:
        x, cy = positions[step.id]
        out.append(_step(step, x, cy, lanes[layout.lane_index[step.lane_id]].is_client, layout))

    # The time line (VSM «ladder»): value-adding time low, everything else high.
    ty = lanes_bottom + 8
    out.append(
        f'<rect class="timeline" x="{PAD}" y="{ty:.1f}" width="{LABEL_W - 8}" height="{TIMELINE_H - 12}" fill="#f1f3f5"/>'
    )
    out.append(_text(PAD + 8, ty + 17, labels["time"], size=10, weight="700"))
    band_total = sum(s.duration_minutes for s in band)
    out.append(_text(PAD + 8, ty + 32, labels["row"] % {"t": layout.duration(band_total)}, size=10))
    high, low = ty + 10, ty + 30
    path = []
    for col, step in enumerate(band):
        x0 = left + col * COL_W + 4
        x1 = x0 + COL_W - 8
        level = low if step.value_class == ValueClass.VALUE else high
        path.append(f"{'M' if col == 0 else 'L'}{x0:.1f},{level:.1f} L{x1:.1f},{level:.1f}")
        text_y = level + 13 if level == low else level - 3
        if level == high:
            text_y = high + 13
        out.append(
            _text(
                (x0 + x1) / 2,
                text_y,
                layout.duration(step.duration_minutes, step.duration_unit),
                size=9,
                anchor="middle",
                fill="#198754" if level == low else "#495057",
            )
        )
    out.append(f'<path class="ladder" d="{" ".join(path)}" fill="none" stroke="#495057" stroke-width="1.5"/>')
    out.append("</g>")
    return ty + TIMELINE_H


def _step(step: StepData, x: float, y: float, in_client_lane: bool, layout: _Layout) -> str:
    labels = layout.labels
    duration = layout.duration(step.duration_minutes, step.duration_unit)
    fill, stroke = VALUE_COLORS.get(step.value_class, ("#ffffff", "#6c757d"))
    parts = [f'<g class="step step-{_esc(step.value_class)}" data-step="{step.number}">']
    tooltip = f"{step.number}. {step.name} — {duration}"
    if step.waste_types:
        tooltip += " · " + labels["waste"] + ": " + ", ".join(step.waste_types)
    if step.documents:
        tooltip += " · " + labels["docs"] + ": " + ", ".join(step.documents)
    parts.append(f"<title>{_esc(tooltip)}</title>")
    parts.append(
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{CARD_W}" height="{layout.card_h}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
    )
    parts.append(kind_shape(step.kind, x + 12, y + 12, fill="#ffffff", stroke=stroke, scale=0.85))
    parts.append(_text(x + 24, y + 16, f"{step.number}", size=10, weight="700", fill="#495057"))
    badges = []
    if step.visit:
        badges.append(labels["visit"])
    elif step.client_action and not in_client_lane:
        badges.append(labels["applicant"])
    if badges:
        parts.append(
            _text(
                x + CARD_W - 5, y + 15, " ".join(badges), size=8.5, anchor="end", fill="#0a58ca", weight="700"
            )
        )
    for k, line in enumerate(wrap(step.name, 17, layout.name_lines)):
        parts.append(_text(x + 6, y + 29 + k * 11.5, line, size=10))
    parts.append(
        _text(x + CARD_W / 2, y + layout.card_h + 13, duration, size=10.5, weight="700", anchor="middle")
    )
    if step.documents:
        parts.append(
            _text(
                x + CARD_W / 2,
                y + layout.card_h + 25,
                labels["doc_count"] % {"n": len(step.documents)},
                size=8.5,
                anchor="middle",
                fill="#6c757d",
            )
        )
    markers = [(n, PROBLEM_COLOR, "marker-problem") for n in step.problem_numbers] + [
        (n, PROPOSAL_COLOR, "marker-proposal") for n in step.proposal_numbers
    ]
    shown = markers if len(markers) <= 5 else markers[:4]
    for k, (n, color, css) in enumerate(shown):
        parts.append(_marker(x + CARD_W - 6 - k * 19, y - 3, n, color, css))
    if len(markers) > len(shown):
        parts.append(
            _text(
                x + CARD_W - 6 - len(shown) * 19, y, f"+{len(markers) - len(shown)}", size=9, anchor="middle"
            )
        )
    parts.append("</g>")
    return "".join(parts)


def _totals(out: list[str], metrics: Metrics, width: float, y: float) -> float:
    out.append('<g class="totals">')
    out.append(
        f'<rect x="{PAD}" y="{y:.1f}" width="{width - 2 * PAD:.1f}" height="58" rx="4" fill="#f8f9fa" stroke="#adb5bd"/>'
    )
    line1 = _(
        "Время протекания процесса (ВПП): %(lead)s   ·   время, добавляющее ценность (ВДЦ): %(va)s   ·   доля ВДЦ = ВДЦ ÷ ВПП = %(share)s"
    ) % {
        "lead": format_minutes(metrics.lead_time),
        "va": format_minutes(metrics.va_time),
        "share": format_value(metrics.va_share, "percent"),
    }
    line2 = _(
        "Шагов: %(n)s (ценность — %(v)s, необходимые — %(nec)s, потери — %(w)s)   ·   участников: %(p)s   ·   передач: %(h)s   ·   ожиданий: %(waits)s   ·   действий заявителя: %(c)s   ·   документов: %(d)s   ·   визитов: %(vis)s"
    ) % {
        "n": metrics.steps_total,
        "v": metrics.steps_value,
        "nec": metrics.steps_necessary,
        "w": metrics.steps_waste,
        "p": metrics.participants,
        "h": metrics.handoffs,
        "waits": metrics.waits,
        "c": metrics.client_actions,
        "d": metrics.documents,
        "vis": metrics.visits,
    }
    out.append(_text(PAD + 10, y + 22, line1, size=12, weight="700"))
    out.append(_text(PAD + 10, y + 44, line2, size=11))
    out.append("</g>")
    return y + 58 + 14


def _legend(out: list[str], data: MapData, width: float, y: float) -> float:
    out.append('<g class="legend">')
    out.append(_text(PAD, y + 12, _("Условные обозначения"), size=12, weight="700"))
    y += 22
    items: list[tuple[str, str]] = []
    for kind in StepKind:
        items.append((kind_shape(kind.value, 0, 0, fill="#ffffff", stroke="#495057"), str(kind.label)))
    for value in ValueClass:
        fill, stroke = VALUE_COLORS[value.value]
        items.append(
            (
                f'<rect x="-9" y="-7" width="18" height="14" rx="3" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>',
                str(value.label),
            )
        )
    if data.kind == MapKind.TARGET:
        items.append((_marker(0, 0, "1", PROPOSAL_COLOR, "marker-proposal"), _("предложение по улучшению")))
    else:
        items.append((_marker(0, 0, "1", PROBLEM_COLOR, "marker-problem"), _("проблема")))
    items.append(
        (f'<path d="M-10,0 H10" stroke="{HANDOFF_COLOR}" stroke-width="2"/>', _("передача другому участнику"))
    )
    x = PAD + 10
    row_h = 22
    for shape, label in items:
        w = 30 + len(label) * CHAR_W
        if x + w > width - PAD:
            x = PAD + 10
            y += row_h
        out.append(f'<g class="legend-item" transform="translate({x:.1f},{y + 6:.1f})">{shape}</g>')
        out.append(_text(x + 16, y + 10, label, size=11))
        x += w + 18
    out.append("</g>")
    return y + row_h + 10


def _texts(out: list[str], data: MapData, width: float, y: float) -> float:
    """The numbered texts under the map (Прил. 2, примечание <*>)."""
    if data.kind == MapKind.TARGET:
        heading = _("Предложения по улучшению")
        rows = []
        for p in data.proposals:
            solves = ""
            if p.problem_numbers:
                solves = " " + _("(решает проблемы № %(n)s)") % {"n": ", ".join(map(str, p.problem_numbers))}
            rows.append((p.number, p.text + solves, PROPOSAL_COLOR, "marker-proposal"))
    else:
        heading = _("Проблемы")
        rows = [(p.number, p.text, PROBLEM_COLOR, "marker-problem") for p in data.problems]
    if not rows:
        return y
    out.append('<g class="numbered-texts">')
    out.append(_text(PAD, y + 12, heading, size=12, weight="700"))
    y += 24
    chars = int((width - 2 * PAD - 30) / CHAR_W)
    for number, text, color, css in rows:
        lines = wrap(" ".join(str(text).split()), chars, 4)
        out.append(_marker(PAD + 9, y + 6, number, color, css))
        for k, line in enumerate(lines):
            out.append(_text(PAD + 26, y + 10 + k * 15, line, size=11))
        y += max(22, len(lines) * 15 + 7)
    out.append("</g>")
    return y
