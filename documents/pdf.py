"""Every PDF of the application is made here: a Django template rendered to HTML and laid out by
WeasyPrint on A4 with the shipped PT fonts (DESIGN §4, §8; CONVENTIONS «Documents are built in one
place per format»).

The page follows ГОСТ Р 7.0.97-2025: margins of at least 20 mm left, 10 mm right, 20 mm top and
bottom; the page number from page 2, centred in the top margin. A document that is not approved
is marked «ПРОЕКТ» in the top right corner of every page and with a light watermark.

Templates extend `documents/pdf_base.html`; the print stylesheet is `static/documents/pdf.css`."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .bounds import bounded_html, breakable
from .isolation import run_isolated
from .text import css_string

# (family, weight, style, file in static/fonts) — ParaType Free Font License beside the files.
FONT_FACES = [
    ("PT Serif", "normal", "normal", "PTSerif-Regular.ttf"),
    ("PT Serif", "bold", "normal", "PTSerif-Bold.ttf"),
    ("PT Serif", "normal", "italic", "PTSerif-Italic.ttf"),
    ("PT Serif", "bold", "italic", "PTSerif-BoldItalic.ttf"),
    ("PT Sans", "normal", "normal", "PTSans-Regular.ttf"),
    ("PT Sans", "bold", "normal", "PTSans-Bold.ttf"),
    ("PT Sans", "normal", "italic", "PTSans-Italic.ttf"),
    ("PT Sans", "bold", "italic", "PTSans-BoldItalic.ttf"),
]
PRINT_CSS = "documents/pdf.css"

# WeasyPrint reports every layout step at INFO; documents are made on requests, so the application
# log would fill with them. A level set in LOGGING wins.
_progress_logger = logging.getLogger("weasyprint.progress")
if _progress_logger.level == logging.NOTSET:
    _progress_logger.setLevel(logging.WARNING)


class _NoMissingGlyphs(logging.Filter):
    """WeasyPrint logs a warning for every character the fonts lack, on every layout pass: a stored
    text of 10 000 emoji wrote tens of thousands of log lines per document (issue 18)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return ".notdef glyph" not in str(record.msg)


logging.getLogger("weasyprint").addFilter(_NoMissingGlyphs())


class DocumentError(RuntimeError):
    """The document engine is misconfigured (a font or the stylesheet is missing)."""


def _static_path(relative: str) -> Path:
    found = finders.find(relative)
    if not found:
        raise DocumentError(f"static file not found: {relative}")
    return Path(found).resolve()


def font_face_css() -> str:
    """@font-face rules with absolute file URLs, so WeasyPrint never looks for fonts elsewhere."""
    rules = []
    for family, weight, style, filename in FONT_FACES:
        url = _static_path(f"fonts/{filename}").as_uri()
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{url}"); }}'
        )
    return "\n".join(rules)


def _allowed_roots() -> list[Path]:
    # the directories the shipped fonts and stylesheet were found in, wherever a finder found them
    roots = [_static_path(f"fonts/{FONT_FACES[0][3]}").parent, _static_path(PRINT_CSS).parent]
    roots += [Path(p).resolve() for p in getattr(settings, "STATICFILES_DIRS", [])]
    for name in ("STATIC_ROOT", "MEDIA_ROOT"):
        value = getattr(settings, name, None)
        if value:
            roots.append(Path(value).resolve())
    return roots


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Documents may embed the shipped fonts and stylesheet, uploaded photos and inline data —
        never anything from the network or from elsewhere on the disk (municipal networks are
        closed, and a document must not depend on an outside server)."""

        def __init__(self):
            super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=False)
            self._roots = _allowed_roots()

        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in self._roots):
                    raise ValueError(f"file outside static and media: {url}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher


class _Engine(threading.local):
    """Font configuration and parsed stylesheets, kept per thread: parsing the fonts and the print
    stylesheet on every request would cost more than laying out a card."""

    def __init__(self):
        self.ready = False

    def load(self):
        if self.ready:
            return self
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        self.weasyprint = weasyprint
        self.font_config = FontConfiguration()
        self.fetcher = _fetcher_class()()
        css_path = _static_path(PRINT_CSS)
        self.stylesheets = [
            weasyprint.CSS(string=font_face_css(), font_config=self.font_config),
            weasyprint.CSS(
                string=css_path.read_text(encoding="utf-8"),
                base_url=css_path.as_uri(),
                font_config=self.font_config,
                url_fetcher=self.fetcher,
            ),
        ]
        self.base_url = css_path.parent.parent.as_uri() + "/"
        self.ready = True
        return self


_engine = _Engine()


def _page_css(*, draft: bool, footer: str) -> str:
    """What differs between documents on every page: the draft mark and the footer line."""
    rules = []
    if draft:
        rules.append(f"@page {{ @top-right {{ content: {css_string(_('ПРОЕКТ'))}; }} }}")
    if footer:
        rules.append(f"@page {{ @bottom-left {{ content: {css_string(breakable(footer)[:500])}; }} }}")
    return "\n".join(rules)


def render_html(template_name: str, context: dict[str, Any], *, draft: bool = False) -> str:
    """The HTML a PDF is laid out from (useful to inspect a document in a browser)."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template_name, {**context, "draft": draft})


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    draft: bool = False,
    footer: str = "",
    landscape: bool = False,
) -> bytes:
    """Renders `template_name` with `context` to PDF bytes.

    draft — the document is not approved: «ПРОЕКТ» on every page and a watermark;
    footer — a short line at the bottom of every page (number of the project, when it was made);
    landscape — A4 landscape (process maps, wide tables).

    Every text is made safe to lay out first (`documents.bounds`), and the layout runs in a child
    process under a time and a memory limit (`documents.isolation`; issue 18)."""
    engine = _engine.load()
    html = bounded_html(render_html(template_name, context, draft=draft))
    page_css = _page_css(draft=draft, footer=footer)
    if landscape:
        page_css += "\n@page { size: A4 landscape; }"
    stylesheets = list(engine.stylesheets)
    if page_css:
        stylesheets.append(engine.weasyprint.CSS(string=page_css, font_config=engine.font_config))

    def layout() -> bytes:
        document = engine.weasyprint.HTML(
            string=html, base_url=engine.base_url, url_fetcher=engine.fetcher, media_type="print"
        )
        return document.write_pdf(stylesheets=stylesheets, font_config=engine.font_config)

    return run_isolated(layout)
