"""Text from users laid out in bounded time (issue 18, hole 2).

WeasyPrint's line breaking is super-linear in the length of a run without a break opportunity: to
size a table cell it lays the run out again for every hyphenation point (`hyphens: auto`), every
soft hyphen, or every character (`overflow-wrap: anywhere`). A public respondent's comment of
2 000 «Я» without spaces kept the survey summary busy for minutes. Every PDF therefore goes through
`bounded_html` before layout, which rewrites the text (never the markup) of the rendered template:

- a run of more than `RUN` characters without a space gets a zero-width space every `RUN`
  characters — a break opportunity that prints nothing (so `overflow-wrap: break-word` in
  `static/documents/pdf.css` is enough to keep any text inside its cell, the equivalent of
  `overflow-wrap: anywhere` without its cost);
- soft hyphens, control characters and bidirectional overrides (which would let a text print
  reversed in an official document) are removed; runs of combining marks and of zero-width
  characters are shortened;
- a text longer than `PIECE` characters is cut at spaces into adjacent `<span>`s: WeasyPrint sizes a
  table cell by splitting its text at every break opportunity, each time working on the whole rest
  of the text box, so one box of n characters costs n² and pieces of `PIECE` cost n (the print is
  the same);
- a block (a cell, a paragraph, an item) keeps at most `BLOCK_CHARS` characters and `BLOCK_LINES`
  lines; once the document holds `DOCUMENT_CHARS` characters every further block keeps
  `TAIL_CHARS`, and past `HARD_CHARS` only the note: text stored bypassing the forms' limits (older
  rows, the admin) ends with a note that it is shortened instead of making thousands of pages.

Automatic hyphenation is off in table cells (`pdf.css`): to size a cell WeasyPrint lays out every
hyphenation point of every word again, which made cells of ordinary text four times slower.

The forms keep texts far below these limits (`leanproj.limits`), so a document made from data
entered through the site prints in full."""

from __future__ import annotations

import html
import re

from django.utils.translation import gettext as _

RUN = 30  # characters without a break opportunity (the longest Russian words are shorter)
PIECE = 200
BLOCK_CHARS = 5_000  # above every limit of a form (leanproj.limits)
BLOCK_LINES = 200
DOCUMENT_CHARS = 30_000  # about 12 pages of text: laid out in about 2 s
TAIL_CHARS = 100
HARD_CHARS = 45_000

ZWSP = "\u200b"
_TOKENS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
# the text of these elements is not laid out as text of the page
_RAW = {"style", "script", "title"}
# elements whose end closes a block of text
_BLOCKS = {
    "p", "td", "th", "li", "div", "section", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "ol", "ul", "text", "tspan", "body",
}  # fmt: skip
_DROP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u202a-\u202e\u2066-\u2069\u061c\ufff9-\ufffb]")
_COMBINING = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u1ab0-\u1aff\u1dc0-\u1dff"
    "\u20d0-\u20ff\ufe20-\ufe2f\ufe00-\ufe0f"
)
_MANY_MARKS = re.compile(f"([{_COMBINING}]{{3}})[{_COMBINING}]+")
_ZERO_WIDTH = "\u200b-\u200f\u2060-\u2064\ufeff"
_MANY_ZERO_WIDTH = re.compile(f"([{_ZERO_WIDTH}])[{_ZERO_WIDTH}]+")
_LONG_RUN = re.compile(rf"[^\s{ZWSP}]{{{RUN + 1},}}")
_SPACES = re.compile(r"[ \t]{2,}")
_PIECES = re.compile(rf"[\s\S]{{1,{PIECE}}}(?:\s|$)|[\s\S]{{1,{PIECE}}}")


def _break_run(match: re.Match) -> str:
    run = match.group(0)
    return ZWSP.join(run[i : i + RUN] for i in range(0, len(run), RUN))


def breakable(text: str) -> str:
    """`text` cleaned of what no document should print, with a break opportunity in every long run."""
    text = _DROP.sub("", text)
    text = _MANY_MARKS.sub(r"\1", text)
    text = _MANY_ZERO_WIDTH.sub(r"\1", text)
    text = _SPACES.sub(" ", text)
    return _LONG_RUN.sub(_break_run, text)


class _Budget:
    def __init__(self):
        self.document = 0
        self.block = 0
        self.lines = 0
        self.cut = False  # the current block was shortened

    def close_block(self):
        self.block = 0
        self.lines = 0
        self.cut = False

    def room(self) -> int:
        if self.document >= HARD_CHARS:
            return 0
        limit = TAIL_CHARS if self.document >= DOCUMENT_CHARS else BLOCK_CHARS
        return max(0, limit - self.block)


def bounded_html(markup: str) -> str:
    """The HTML of a document with every text made safe to lay out (see the module's docstring)."""
    budget = _Budget()
    raw = None
    svg = 0  # inside an inline SVG: no <span> there
    out: list[str] = []
    for token in _TOKENS.split(markup):
        if not token:
            continue
        if token.startswith("<"):
            tag = _TAG.match(token)
            name = tag.group(2).lower() if tag else ""
            closing = bool(tag and tag.group(1))
            if raw:
                if closing and name == raw:
                    raw = None
                out.append(token)
                continue
            if name in _RAW and not closing and not token.endswith("/>"):
                raw = name
            if name == "svg":
                svg += -1 if closing else 1
            if name == "br":
                if budget.cut:
                    continue
                budget.lines += 1
                if budget.lines >= BLOCK_LINES:
                    budget.cut = True
                    out.append(html.escape(" " + _shortened()))
                    continue
            elif name in _BLOCKS:
                budget.close_block()
            out.append(token)
            continue
        if raw or budget.cut or not token.strip():
            if not budget.cut:
                out.append(token)
            continue
        text = html.unescape(token)
        lines = text.split("\n")  # a text shown with white-space: pre-line
        room = budget.room()
        if len(text) > room or budget.lines + len(lines) - 1 >= BLOCK_LINES:
            text = "\n".join(lines[: max(1, BLOCK_LINES - budget.lines)])[:room]
            text = text.rstrip() + " " + _shortened()
            budget.cut = True
        budget.lines += text.count("\n")
        budget.block += len(text)
        budget.document += len(text)
        long_run = _LONG_RUN.search(text) is not None
        text = breakable(text)
        if svg or (len(text) <= PIECE and not long_run):
            out.append(html.escape(text, quote=False))
        else:
            # a run cut by zero-width spaces is not a word: no hyphenation tried at every piece
            tag = '<span class="long-run">' if long_run else "<span>"
            out.extend(f"{tag}{html.escape(piece, quote=False)}</span>" for piece in _PIECES.findall(text))
    return "".join(out)


def shortened_note() -> str:
    """The note that ends a text the documents had to cut."""
    return _shortened()


def _shortened() -> str:
    return _("… [текст сокращён]")


# --- Spreadsheets ----------------------------------------------------------------------------------

EXCEL_CELL_CHARS = 32_767  # the most a cell of Excel holds
_EXCEL_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def spreadsheet_text(value: str) -> str:
    """A text Excel can store: without the control characters openpyxl refuses (a stored one made the
    export a server error) and cut to what a cell holds, with the same note as the PDFs."""
    value = _EXCEL_ILLEGAL.sub("", value)
    if len(value) > EXCEL_CELL_CHARS:
        note = " " + _shortened()
        value = value[: EXCEL_CELL_CHARS - len(note)] + note
    return value
