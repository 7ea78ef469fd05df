"""Pictures in documents: the process maps drawn by `maps.svg` (the one renderer of the page, the PDF
and the slides, DESIGN §3), placed on a page at a size computed to fit, cut between their bands when
a map is taller than a page; the same SVG as PNG for the editable slides; uploaded photos.

PNG route: WeasyPrint lays each SVG out on a page of exactly its own size with the fonts the
application ships (so a slide shows the map with the same PT Sans as the PDF), and PDFium
(`pypdfium2`, a wheel with its own binary — no system library) rasterises that page. No second
drawing code exists anywhere."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from pathlib import Path

PX_PER_MM = 96 / 25.4  # CSS pixels

_ROOT = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r'\bwidth="([\d.]+)"\s+height="([\d.]+)"\s+viewBox="([^"]*)"')
# The groups `maps.svg` draws one under another; the first `y` inside each gives its top.
_GROUP = re.compile(r'<g class="(band|totals|legend|numbered-texts)"[^>]*>.*?\by="([\d.]+)"', re.S)
_GROUP_ABOVE = 18  # px above the first text baseline of a group (its heading)


@dataclass(frozen=True)
class Picture:
    """An SVG ready for an <img>: its data URI and the size it is printed at, in millimetres."""

    uri: str
    width_mm: float
    height_mm: float


def svg_size(svg: str) -> tuple[float, float]:
    """The width and height (CSS px) of the root element of an SVG drawn by `maps.svg`."""
    root = _ROOT.search(svg)
    found = _SIZE.search(root.group(0)) if root else None
    if not found:
        return 1000.0, 600.0
    return float(found.group(1)), float(found.group(2))


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def fit(width: float, height: float, box_w_mm: float, box_h_mm: float) -> tuple[float, float]:
    """The largest size of a width × height picture inside the box, proportions kept."""
    if width <= 0 or height <= 0:
        return box_w_mm, box_h_mm
    scale = min(box_w_mm / width, box_h_mm / height)
    return round(width * scale, 2), round(height * scale, 2)


def picture(svg: str, box_w_mm: float, box_h_mm: float) -> Picture:
    width, height = svg_size(svg)
    w, h = fit(width, height, box_w_mm, box_h_mm)
    return Picture(uri=data_uri(svg), width_mm=w, height_mm=h)


def crop(svg: str, top: float, bottom: float) -> str:
    """The horizontal strip [top, bottom) of the SVG as an SVG of its own (a new viewport on the
    same drawing: nothing is redrawn)."""
    width, _height = svg_size(svg)
    strip = max(bottom - top, 1)
    root = _ROOT.search(svg)
    if root is None:
        return svg
    head = _SIZE.sub(
        f'width="{width:.0f}" height="{strip:.0f}" viewBox="0 {top:.1f} {width:.0f} {strip:.1f}"',
        root.group(0),
        count=1,
    )
    return svg[: root.start()] + head + svg[root.end() :]


def sections(svg: str) -> list[tuple[str, float, float]]:
    """(kind, top, bottom) of the bands and of the totals / legend / texts below them, in drawing
    order; an empty list when the drawing is not one of `maps.svg` (then it is printed whole)."""
    _width, height = svg_size(svg)
    tops = [(kind, max(float(y) - _GROUP_ABOVE, 0)) for kind, y in _GROUP.findall(svg)]
    result = []
    for i, (kind, top) in enumerate(tops):
        bottom = tops[i + 1][1] if i + 1 < len(tops) else height
        result.append((kind, top, bottom))
    return result


def pages_of_map(svg: str, *, width_mm: float, first_mm: float, other_mm: float) -> list[Picture]:
    """A map at the full width of the page, cut between its bands into strips that each fit a page:
    the first strip `first_mm` high at most (the page has a heading), the others `other_mm`. A band
    taller than a page is scaled down to fit it. The heading of the drawing stays with the first
    band; the totals and the legend form the last strip."""
    width, _height = svg_size(svg)
    mm_per_px = width_mm / width
    parts = sections(svg)
    if not parts or parts[0][0] != "band":
        return [picture(svg, width_mm, first_mm)]
    # The units that are never split: each band (the first with the title above it), then the
    # totals with the legend. The numbered texts are left out: the document prints them in full.
    units: list[tuple[float, float]] = []
    for kind, top, bottom in parts:
        if kind == "band":
            units.append((0.0 if not units else top, bottom))
        elif kind == "totals":
            units.append((top, bottom))
        elif kind == "legend":
            units[-1] = (units[-1][0], bottom)
    strips: list[tuple[float, float]] = []
    limit = first_mm
    for top, bottom in units:
        if strips and (bottom - strips[-1][0]) * mm_per_px <= limit:
            strips[-1] = (strips[-1][0], bottom)
            continue
        if strips:
            limit = other_mm
        strips.append((top, bottom))
    result = []
    for i, (top, bottom) in enumerate(strips):
        box_h = first_mm if i == 0 else other_mm
        piece = crop(svg, top, bottom)
        w, h = fit(width, bottom - top, width_mm, box_h)
        result.append(Picture(uri=data_uri(piece), width_mm=w, height_mm=h))
    return result


def best_columns(render, candidates: range, box_w_mm: float, box_h_mm: float) -> tuple[str, Picture]:
    """Renders the map with each number of columns in `candidates` (`render(columns) -> svg`) and
    keeps the one printed largest inside the box: a slide shows the whole map, as the appendix asks
    («фотография или скриншот листа с картой», Прил. 4, слайды 3 и 5)."""
    best: tuple[float, str, Picture] | None = None
    for columns in candidates:
        svg = render(columns)
        pic = picture(svg, box_w_mm, box_h_mm)
        area = pic.width_mm * pic.height_mm
        if best is None or area > best[0] + 0.5:
            best = (area, svg, pic)
    assert best is not None
    return best[1], best[2]


# --- PNG for the editable presentation --------------------------------------------------------------


def svgs_to_png(svgs: list[str], *, width_px: int = 1600) -> list[bytes]:
    """Each SVG as a PNG `width_px` wide (one WeasyPrint layout for all of them, then PDFium)."""
    if not svgs:
        return []
    import pypdfium2

    from .pdf import _engine

    engine = _engine.load()
    rules, body = [], []
    for n, svg in enumerate(svgs):
        width, height = svg_size(svg)
        rules.append(f"@page p{n} {{ size: {width:.0f}px {height:.0f}px; margin: 0; }}")
        rules.append(f".p{n} {{ page: p{n}; }}")
        body.append(
            f'<div class="p{n}"><img src="{data_uri(svg)}" '
            f'style="display:block;width:{width:.0f}px;height:{height:.0f}px"></div>'
        )
    html = (
        '<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0}'
        + "".join(rules)
        + "</style></head><body>"
        + "".join(body)
        + "</body></html>"
    )
    pdf = engine.weasyprint.HTML(string=html, base_url=engine.base_url, url_fetcher=engine.fetcher).write_pdf(
        stylesheets=[engine.stylesheets[0]], font_config=engine.font_config
    )
    document = pypdfium2.PdfDocument(pdf)
    result = []
    try:
        for n, svg in enumerate(svgs):
            width, _height = svg_size(svg)
            page = document[n]
            try:
                # a CSS px is 0.75 pt; PDFium's scale 1 is 72 dpi (1 pt = 1 pixel)
                bitmap = page.render(scale=width_px / (width * 0.75))
                image = bitmap.to_pil()
                buffer = io.BytesIO()
                image.save(buffer, format="PNG", optimize=False)
                result.append(buffer.getvalue())
            finally:
                page.close()
    finally:
        document.close()
    return result


# --- Uploaded photos ----------------------------------------------------------------------------


def file_path(field) -> Path | None:
    """The file of an uploaded image on disk, or None when it is gone (a document still renders)."""
    if not field:
        return None
    try:
        path = Path(field.path)
    except (ValueError, NotImplementedError):
        return None
    return path if path.is_file() else None


def file_uri(field) -> str:
    path = file_path(field)
    return path.resolve().as_uri() if path else ""
