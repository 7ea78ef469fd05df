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
# The top-level groups `maps.svg` draws one under another; the first `y` inside each gives its top.
_PART_START = re.compile(r'<g class="(band|totals|legend|numbered-texts)"')
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


def _with_viewport(head: str, width: float, top: float, height: float) -> str:
    """`head` (the opening of an SVG) with its root showing the strip [top, top + height)."""
    root = _ROOT.search(head)
    if root is None:
        return head
    tag = _SIZE.sub(
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 {top:.1f} {width:.0f} {height:.1f}"',
        root.group(0),
        count=1,
    )
    return head[: root.start()] + tag + head[root.end() :]


@dataclass(frozen=True)
class Part:
    kind: str  # band / totals / legend / numbered-texts
    top: float
    bottom: float
    markup: str


@dataclass(frozen=True)
class Drawing:
    """A drawing of `maps.svg` taken apart at its top-level groups: the opening (root, definitions,
    background), the title lines, then the bands, the totals, the legend and the numbered texts.
    A strip is put together from the parts it shows only, so a page never carries hidden copies."""

    width: float
    height: float
    opening: str
    title: str
    parts: list[Part]

    def compose(self, parts: list[Part], *, with_title: bool) -> str:
        top = 0.0 if with_title else parts[0].top
        bottom = parts[-1].bottom
        head = _with_viewport(self.opening, self.width, top, bottom - top)
        body = (self.title if with_title else "") + "".join(p.markup for p in parts)
        return head + body + "</svg>"


_BACKGROUND = '<rect width="100%" height="100%" fill="#ffffff"/>'


def take_apart(svg: str) -> Drawing | None:
    """None when the drawing is not one of `maps.svg` with bands (then it is printed whole)."""
    width, height = svg_size(svg)
    starts = [(m.start(), m.group(1)) for m in _PART_START.finditer(svg)]
    end = svg.rfind("</svg>")
    if not starts or starts[0][1] != "band" or end < 0:
        return None
    head = svg[: starts[0][0]]
    cut = head.find(_BACKGROUND)
    opening, title = (
        (head[: cut + len(_BACKGROUND)], head[cut + len(_BACKGROUND) :]) if cut >= 0 else (head, "")
    )
    parts = []
    for n, (start, kind) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else end
        markup = svg[start:stop]
        found = re.search(r'\by="([\d.]+)"', markup)
        top = max(float(found.group(1)) - _GROUP_ABOVE, 0) if found else 0.0
        parts.append(Part(kind=kind, top=top, bottom=height, markup=markup))
    for n in range(len(parts) - 1):
        parts[n] = Part(parts[n].kind, parts[n].top, parts[n + 1].top, parts[n].markup)
    return Drawing(width=width, height=height, opening=opening, title=title, parts=parts)


def without_texts(svg: str) -> str:
    """The drawing without its numbered texts (a slide shows the problems on a slide of their own)."""
    drawing = take_apart(svg)
    if drawing is None:
        return svg
    kept = [p for p in drawing.parts if p.kind != "numbered-texts"]
    return drawing.compose(kept, with_title=True)


def bands_and_legend(svg: str) -> str:
    """The drawing with its bands and its legend, without the totals and the numbered texts: a slide
    of the defence carries the totals in its caption and the problems on a slide of their own, but
    the legend stays with the map (issue 20)."""
    drawing = take_apart(svg)
    if drawing is None:
        return svg
    kept = [p for p in drawing.parts if p.kind == "band"]
    legend = next((p for p in drawing.parts if p.kind == "legend"), None)
    if kept and legend is not None:
        # the legend moves up into the place of the totals left out
        gap = legend.top - kept[-1].bottom
        markup = f'<g transform="translate(0,{-gap:.1f})">{legend.markup}</g>'
        kept.append(Part("legend", kept[-1].bottom, legend.bottom - gap, markup))
    return drawing.compose(kept, with_title=True)


def sections(svg: str) -> list[tuple[str, float, float]]:
    """(kind, top, bottom) of the bands and of the totals / legend / texts below them, in drawing
    order; an empty list when the drawing is not one of `maps.svg`."""
    drawing = take_apart(svg)
    return [(p.kind, p.top, p.bottom) for p in drawing.parts] if drawing else []


def pages_of_map(svg: str, *, width_mm: float, first_mm: float, other_mm: float) -> list[Picture]:
    """A map at the full width of the page, cut between its bands into strips that each fit a page:
    the first strip `first_mm` high at most (the page has a heading), the others `other_mm`. A band
    taller than a page is scaled down to fit it. The title of the drawing goes with the first band;
    the totals and the legend form a unit of their own; the numbered texts are left out (the
    document prints them in full)."""
    drawing = take_apart(svg)
    if drawing is None:
        return [picture(svg, width_mm, first_mm)]
    mm_per_px = width_mm / drawing.width
    units: list[list[Part]] = []
    for part in drawing.parts:
        if part.kind in ("band", "totals"):
            units.append([part])
        elif part.kind == "legend":
            units[-1].append(part)
    strips: list[list[Part]] = []
    limit = first_mm
    for unit in units:
        if strips:
            top = 0.0 if len(strips) == 1 else strips[-1][0].top
            if (unit[-1].bottom - top) * mm_per_px <= limit:
                strips[-1].extend(unit)
                continue
            limit = other_mm
        strips.append(list(unit))
    result = []
    for index, strip in enumerate(strips):
        piece = drawing.compose(strip, with_title=index == 0)
        w, h = svg_size(piece)
        w, h = fit(w, h, width_mm, first_mm if index == 0 else other_mm)
        result.append(Picture(uri=data_uri(piece), width_mm=w, height_mm=h))
    return result


def best_columns(render, candidates: range, box_w_mm: float, box_h_mm: float) -> tuple[str, Picture]:
    """Renders the map with each number of columns in `candidates` (`render(columns) -> svg`) and
    keeps the one whose text is printed largest inside the box (the scale, not the area: a half-empty
    last band would win on area) among those that fill the width of the box: a slide shows the whole
    map across the slide, as the appendix asks («фотография или скриншот листа с картой», Прил. 4,
    слайды 3 и 5; issue 20). When no number of columns fills the width (many participants), the
    largest scale wins."""
    best: tuple[bool, float, str, Picture] | None = None
    for columns in candidates:
        svg = render(columns)
        pic = picture(svg, box_w_mm, box_h_mm)
        scale = pic.width_mm / svg_size(svg)[0]
        fills = pic.width_mm >= box_w_mm * 0.98
        if best is None or (fills, scale) > (best[0], best[1] * 1.001):
            best = (fills, scale, svg, pic)
    assert best is not None
    return best[2], best[3]


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
    """The file of an uploaded image on disk, or None when it is gone (a document still renders) or
    when its header claims more than 40 megapixels: a picture stored before the upload limit, or
    put there by hand, is never decoded in a render (issue 18)."""
    from leanproj.uploads import stored_image_fits

    if not field:
        return None
    try:
        path = Path(field.path)
    except (ValueError, NotImplementedError):
        return None
    return path if path.is_file() and stored_image_fits(path) else None


def file_uri(field) -> str:
    path = file_path(field)
    return path.resolve().as_uri() if path else ""


# --- The scan of the signed card (Прил. 4, слайд 2) --------------------------------------------------

SCAN_WIDTH_PX = 2000  # an A4 page 2000 px wide is about 240 dpi: sharp on a slide and in print


@dataclass(frozen=True)
class Scan:
    """A scan ready for a slide: the picture's bytes (PNG or JPEG), its data URI, its size in pixels
    and the number of pages of the scanned document."""

    image: bytes
    uri: str
    width: int
    height: int
    pages: int = 1


def _pdf_first_page(path: str) -> bytes:
    """The first page of a PDF as a PNG `SCAN_WIDTH_PX` wide (at most twice as high), with its page
    count in front (4 bytes). Run under `documents.isolation`: the PDF came from a user."""
    import struct

    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        pages = len(document)
        page = document[0]
        try:
            width, height = page.get_size()
            scale = min(SCAN_WIDTH_PX / max(width, 1), 2 * SCAN_WIDTH_PX / max(height, 1))
            image = page.render(scale=scale).to_pil()
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="PNG")
        finally:
            page.close()
    finally:
        document.close()
    return struct.pack(">I", pages) + buffer.getvalue()


def scan_of(stored) -> Scan | None:
    """The scan of `projects.SignedCardScan` as a picture, or None when its file is gone or cannot
    be shown (a damaged PDF, an oversized picture): the slide then shows the generated card."""
    import struct

    from PIL import Image

    from .isolation import DocumentTooHeavy, run_isolated

    if stored is None or not stored.file:
        return None
    try:
        path = Path(stored.file.path)
    except (ValueError, NotImplementedError):
        return None
    if not path.is_file():
        return None
    pages = 1
    try:
        if stored.is_pdf:
            packed = run_isolated(lambda: _pdf_first_page(str(path)))
            pages, content = struct.unpack(">I", packed[:4])[0], packed[4:]
            mime = "image/png"
        else:
            if file_path(stored.file) is None:  # over the pixel limit: never decoded (issue 18)
                return None
            content = path.read_bytes()
            mime = stored.content_type or "image/jpeg"
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
    except DocumentTooHeavy:
        return None
    except Exception:  # a damaged file: pypdfium2 and Pillow raise many kinds of errors
        return None
    uri = f"data:{mime};base64," + base64.b64encode(content).decode("ascii")
    return Scan(image=content, uri=uri, width=width, height=height, pages=pages)
