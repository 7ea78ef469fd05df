"""Every Excel workbook of the application is made here (openpyxl, DESIGN §4; CONVENTIONS «Documents
are built in one place per format»): sheets with Russian names, a bold header row that stays frozen
and carries a filter, column widths, and real dates and numbers — never dates or numbers as text,
so that a civil servant can sort, filter and sum them.

    book = Workbook()
    book.table(_("Реестр проектов"), [Column(_("№"), 10), Column(_("Срок"), 12, DATE)], rows)
    data = book.to_bytes()

Workbooks are written in openpyxl's write-only mode: a registry of 10 000 projects takes seconds,
not minutes, and little memory.

Every text is written as a text cell, never as a formula (issue 18, hole 3; OWASP «CSV Injection»):
a project title, a comment or an answer of the public questionnaire that starts with «=», «+», «-»,
«@», a tab or a carriage return stays exactly what was typed, stored as a string with Excel's
«quote prefix» (the apostrophe a person types before such a text), so that neither opening the file
nor editing the cell runs it. `text_cell` does the same for the workbooks built cell by cell
(`maps.exports`, `surveys.exports`); `neutral_text` is for places that cannot mark a cell as text
(a chart's data inside a .pptx, a CSV)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .bounds import spreadsheet_text

TEXT = "text"
WRAP = "wrap"  # long text, wrapped in the cell
DATE = "date"
DATETIME = "datetime"
INT = "int"
NUMBER = "number"
PERCENT = "percent"  # a fraction 0..1 shown as 87%
MONEY = "money"  # roubles: 135 000,00 ₽
HOURS = "hours"  # hours: 1 250,5 ч

# Number formats are stored in Excel's invariant notation («,» groups thousands, «.» is the decimal
# point); Excel and LibreOffice show them in the reader's locale: «135 000,00 ₽» in Russian (issue 20).
FORMATS = {
    DATE: "DD.MM.YYYY",
    DATETIME: "DD.MM.YYYY HH:MM",
    INT: "#,##0",
    NUMBER: "#,##0.00",
    PERCENT: "0%",
    MONEY: '#,##0.00\\ "₽"',
    HOURS: '#,##0.0\\ "ч"',
}
# A whole number in a NUMBER column is shown without «,00».
WHOLE = "#,##0"
NUMERIC = (INT, NUMBER, PERCENT, MONEY, HOURS)

# Print setup (issue 20): A4, fitted to the width of the page, landscape when the columns are wider
# than a portrait page holds (about 95 characters of Calibri 11 between the margins), the header row
# repeated on every page, the page number in the footer.
PORTRAIT_WIDTH = 95
A4 = "9"


def sheet_width(ws) -> float:
    """The width of a sheet built cell by cell: the sum of its column widths (8.43 when not set)."""
    return sum((d.width or 8.43) for d in ws.column_dimensions.values()) or 8.43 * (ws.max_column or 1)


def print_setup(ws, *, width: float, title_rows: str = "1:1") -> None:
    """Prints a sheet as an official prints it: on A4, as wide as the page, the header repeated."""
    ws.page_setup.paperSize = A4
    ws.page_setup.orientation = "landscape" if width > PORTRAIT_WIDTH else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "&P / &N"


# Control characters a workbook cannot store (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE).

# Excel forbids these in sheet names and limits them to 31 characters.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    title: str
    width: float = 15
    kind: str = TEXT


# What Excel, LibreOffice and Google Sheets take for the start of a formula (OWASP «CSV Injection»),
# with the full-width forms an East Asian keyboard types.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutral_text(text: str) -> str:
    """A text for a place that cannot be marked as text: a formula-like one gets the apostrophe."""
    text = str(text)
    return "'" + text if is_formula_like(text) else text


def text_cell(cell, value: str):
    """Puts a text into a cell as a string, whatever it starts with (never a formula, never an
    error code such as «#N/A»); characters a workbook cannot store are dropped."""
    value = spreadsheet_text(str(value))
    cell.value = value
    cell.data_type = "s"
    if is_formula_like(value):
        cell.quotePrefix = True
    return cell


def sheet_title(name: str) -> str:
    return re.sub(r"\s+", " ", _SHEET_FORBIDDEN.sub(" ", str(name))).strip()[:31] or _("Лист")


def _excel_value(value, kind: str):
    """Values as Excel stores them: naive local datetimes, numbers as numbers."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = spreadsheet_text(value)  # control characters, 32 767 characters a cell (issue 18)
        if kind not in NUMERIC:
            return value or None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value.date() if kind == DATE else value
    if kind in NUMERIC and isinstance(value, str):
        try:
            number = Decimal(value.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
        except ArithmeticError:
            number = None
        return number if number is not None and number.is_finite() else value
    if isinstance(value, bool):
        return value
    if kind in (TEXT, WRAP):
        return str(value) if not isinstance(value, int | float | Decimal) else value
    return value


def _is_whole(value) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return False
    try:
        return value == int(value)
    except (ValueError, OverflowError, ArithmeticError):
        return False


class Workbook:
    """A workbook of tables, built sheet by sheet."""

    def __init__(self):
        from openpyxl import Workbook as OpenpyxlWorkbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self._book = OpenpyxlWorkbook(write_only=True)
        thin = Side(style="thin", color="999999")
        self._header_font = Font(bold=True)
        self._header_fill = PatternFill("solid", fgColor="E8E8E8")
        self._header_alignment = Alignment(wrap_text=True, vertical="top")
        self._header_border = Border(bottom=thin, top=thin, left=thin, right=thin)
        self._wrap = Alignment(wrap_text=True, vertical="top")
        self._top = Alignment(vertical="top")
        self._bold = Font(bold=True)
        self._italic = Font(italic=True, color="555555")

    def _cell(self, ws, value, *, font=None, number_format=None, alignment=None, fill=None, border=None):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws)
        if isinstance(value, str):
            text_cell(cell, value)
        else:
            cell.value = value
        if font is not None:
            cell.font = font
        if number_format is not None:
            cell.number_format = number_format
        if alignment is not None:
            cell.alignment = alignment
        if fill is not None:
            cell.fill = fill
        if border is not None:
            cell.border = border
        return cell

    def table(
        self,
        title: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence],
        *,
        notes: Sequence[str] = (),
        total: Sequence | None = None,
    ):
        """A sheet: the header row (frozen, with a filter), the rows, then an optional bold total row
        and notes below a blank line. Returns the number of data rows written."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ERROR_CODES
        from openpyxl.utils import get_column_letter

        ws = self._book.create_sheet(sheet_title(title))
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = "A2"
        print_setup(ws, width=sum(c.width for c in columns))
        ws.append(
            [
                self._cell(
                    ws,
                    str(c.title),
                    font=self._header_font,
                    fill=self._header_fill,
                    alignment=self._header_alignment,
                    border=self._header_border,
                )
                for c in columns
            ]
        )
        # One styled template cell per column; data cells share its style array. Setting a font or
        # a number format on every cell would hash the style objects again for each of them.
        # Texts get a style of their own with the quote prefix when they look like a formula.
        converters = []
        for c in columns:
            number_format = FORMATS.get(c.kind)
            alignment = self._wrap if c.kind == WRAP else self._top
            template = self._cell(ws, None, number_format=number_format, alignment=alignment)
            quoted = self._cell(ws, None, number_format=number_format, alignment=alignment)
            quoted.quotePrefix = True
            plain = None if number_format is None and c.kind != WRAP else template._style
            whole = plain
            if c.kind == NUMBER:
                whole = self._cell(ws, None, number_format=WHOLE, alignment=alignment)._style
            converters.append((c.kind, plain, whole, template._style, quoted._style))
        count = 0
        for row in rows:
            cells = []
            for (kind, plain, whole, text_style, quoted_style), value in zip(converters, row, strict=True):
                value = _excel_value(value, kind)
                if value is None:
                    cells.append(None)
                elif isinstance(value, str) and (is_formula_like(value) or value in ERROR_CODES):
                    # never a formula nor an error code, whatever was typed; any other text is
                    # written as a string by openpyxl itself (and stays cheap: no cell object)
                    cell = WriteOnlyCell(ws)
                    cell._value = value
                    cell.data_type = "s"
                    cell._style = quoted_style if is_formula_like(value) else text_style
                    cells.append(cell)
                elif plain is None:
                    cells.append(value)
                else:
                    cell = WriteOnlyCell(ws, value=value)
                    cell._style = whole if _is_whole(value) else plain
                    cells.append(cell)
            ws.append(cells)
            count += 1
        last = get_column_letter(len(columns))
        ws.auto_filter.ref = f"A1:{last}{count + 1}"
        if total is not None:
            ws.append(
                [
                    self._cell(
                        ws, _excel_value(v, c.kind), font=self._bold, number_format=FORMATS.get(c.kind)
                    )
                    for c, v in zip(columns, total, strict=True)
                ]
            )
        if notes:
            ws.append([])
            for note in notes:
                ws.append([self._cell(ws, str(note), font=self._italic)])
        return count

    def pairs(
        self, title: str, rows: Iterable[tuple[str, object]], *, widths: tuple[float, float] = (34, 80)
    ):
        """A two-column sheet «параметр — значение» (conditions of an export, its date and author)."""
        ws = self._book.create_sheet(sheet_title(title))
        ws.column_dimensions["A"].width = widths[0]
        ws.column_dimensions["B"].width = widths[1]
        print_setup(ws, width=sum(widths), title_rows="")
        for label, value in rows:
            kind = (
                DATETIME if isinstance(value, dt.datetime) else DATE if isinstance(value, dt.date) else TEXT
            )
            ws.append(
                [
                    self._cell(ws, str(label), font=self._bold, alignment=self._top),
                    self._cell(
                        ws,
                        _excel_value(value, kind),
                        number_format=FORMATS.get(kind),
                        alignment=self._wrap,
                    ),
                ]
            )

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._book.save(buffer)
        return buffer.getvalue()
