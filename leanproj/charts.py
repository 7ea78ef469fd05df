"""Server-side SVG charts (no JavaScript, no CDN): the same markup on pages, in print and in PDFs.
Every chart has a <title> and the values as text, so it reads without colour too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe


def _fmt(value: float | Decimal) -> str:
    from leanproj.formats import number

    return number(value)


@dataclass
class Point:
    when: dt.date
    value: float
    label: str = ""


def line_chart(
    points: list[Point],
    *,
    title: str,
    target: float | None = None,
    target_label: str = "",
    width: int = 560,
    height: int = 220,
    unit: str = "",
) -> SafeString:
    """Values over time with an optional target line (indicator monitoring, МР п.7)."""
    if not points:
        return mark_safe("")
    pad_l, pad_r, pad_t, pad_b = 56, 16, 24, 36
    values = [p.value for p in points] + ([target] if target is not None else [])
    lo, hi = min(values), max(values)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    span = hi - lo
    lo, hi = lo - span * 0.1, hi + span * 0.1
    t0, t1 = points[0].when, points[-1].when
    days = max((t1 - t0).days, 1)

    def x(d: dt.date) -> float:
        return pad_l + (width - pad_l - pad_r) * ((d - t0).days / days if len(points) > 1 else 0.5)

    def y(v: float) -> float:
        return pad_t + (height - pad_t - pad_b) * (1 - (v - lo) / (hi - lo))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" font-family="PT Sans, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{pad_l}" y1="{height - pad_b}" x2="{width - pad_r}" y2="{height - pad_b}" stroke="#adb5bd"/>',
        f'<line x1="{pad_l}" y1="{pad_t}" x2="{pad_l}" y2="{height - pad_b}" stroke="#adb5bd"/>',
    ]
    for frac in (0, 0.5, 1):
        v = lo + (hi - lo) * frac
        parts.append(
            f'<text x="{pad_l - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#6c757d">{_fmt(v)}</text>'
        )
    if target is not None:
        ty = y(target)
        parts.append(
            f'<line x1="{pad_l}" y1="{ty:.1f}" x2="{width - pad_r}" y2="{ty:.1f}" stroke="#198754" stroke-dasharray="6 4"/>'
            f'<text x="{width - pad_r}" y="{ty - 4:.1f}" text-anchor="end" fill="#198754">'
            f"{escape(target_label)} {_fmt(target)} {escape(unit)}</text>"
        )
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(p.when):.1f},{y(p.value):.1f}" for i, p in enumerate(points))
    parts.append(f'<path d="{path}" fill="none" stroke="#0d6efd" stroke-width="2"/>')
    for p in points:
        parts.append(
            f'<circle cx="{x(p.when):.1f}" cy="{y(p.value):.1f}" r="3.5" fill="#0d6efd"><title>'
            f"{p.when:%d.%m.%Y}: {_fmt(p.value)} {escape(unit)} {escape(p.label)}</title></circle>"
            f'<text x="{x(p.when):.1f}" y="{y(p.value) - 7:.1f}" text-anchor="middle">{_fmt(p.value)}</text>'
        )
    parts.append(
        f'<text x="{pad_l}" y="{height - 10}" fill="#6c757d">{t0:%d.%m.%Y}</text>'
        f'<text x="{width - pad_r}" y="{height - 10}" text-anchor="end" fill="#6c757d">{t1:%d.%m.%Y}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))


# A character of a 12 px label is up to ~7.5 px wide in the browsers' fallback sans-serif (DejaVu
# Sans, wider than PT Sans): a label is shortened to what its room holds, never cut at the chart's
# edge (issue 21); the whole label stays in the bar's <title>.
CHAR_PX = 7.5


def _fit(label: str, room: int) -> str:
    most = int(room // CHAR_PX)
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


@dataclass
class Bar:
    label: str
    value: float
    url: str = ""
    color: str = "#0d6efd"


def bar_chart(
    bars: list[Bar], *, title: str, width: int = 560, unit: str = "", bar_height: int = 22
) -> SafeString:
    """Horizontal bars with their values; a bar with a url links to the list behind it."""
    if not bars:
        return mark_safe("")
    label_w = 220
    height = bar_height * len(bars) + 16
    # A bar is as long as its magnitude: a negative value (days overdue, a planned decrease) draws
    # as long as a positive one, its sign is in the number beside it.
    top = max((abs(float(b.value)) for b in bars), default=0) or 1
    # A picture (role="img") hides what is inside it: bars that are links make the chart a group of
    # links a keyboard and a screen reader reach, each named by its label and value (axe
    # «nested-interactive», issue 21).
    role = f'role="group" aria-label="{escape(title)}"' if any(b.url for b in bars) else 'role="img"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" {role} viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" font-family="PT Sans, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for i, b in enumerate(bars):
        yy = 8 + i * bar_height
        w = (width - label_w - 70) * (abs(float(b.value)) / top)
        label = escape(_fit(b.label, label_w - 10))
        bar = (
            f'<text x="{label_w - 6}" y="{yy + bar_height * 0.65:.1f}" text-anchor="end">{label}</text>'
            f'<rect x="{label_w}" y="{yy + 3}" width="{max(w, 1):.1f}" height="{bar_height - 8}" fill="{b.color}">'
            f"<title>{escape(b.label)}: {_fmt(b.value)} {escape(unit)}</title></rect>"
            f'<text x="{label_w + w + 6:.1f}" y="{yy + bar_height * 0.65:.1f}">{_fmt(b.value)}{(" " + escape(unit)) if unit else ""}</text>'
        )
        if b.url:
            bar = f'<a href="{escape(b.url)}">{bar}</a>'
        parts.append(bar)
    parts.append("</svg>")
    return mark_safe("".join(parts))
