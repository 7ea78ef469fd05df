"""The problem list (перечень проблем, Положение п.9.9в) as an Excel workbook, built from the same
selectors as the page (DESIGN §4). A second sheet carries the before/after metrics of the maps."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from documents.xlsx import print_setup, text_cell
from workdays import clock

from .choices import MapKind
from .metrics import compare, compute
from .selectors import map_data, map_of

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
WRAP = Alignment(wrap_text=True, vertical="top")


# A duration is stored in hours, a share of the time as a fraction (Excel shows 35,5 %).
METRIC_FORMATS = {"duration": '#,##0.0\\ "ч"', "percent": "0.0%"}


def _number(value, unit: str):
    """A metric of `maps.metrics` as Excel stores it: minutes → hours, percentage points → a fraction."""
    if value is None:
        return None
    if unit == "duration":
        return round(float(value) / 60, 2)
    if unit == "percent":
        return float(value) / 100
    return value


def _fraction(percent):
    return None if percent is None else float(percent) / 100


def _table(ws, start_row: int, headers: list[str], widths: list[int], rows: list[list]) -> None:
    for col, (title, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = text_cell(ws.cell(row=start_row, column=col), str(title))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, values in enumerate(rows, start=start_row + 1):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col)
            if isinstance(value, str):
                text_cell(cell, value)  # typed by the team: never a formula (issue 18, hole 3)
            else:
                cell.value = value
            cell.alignment = WRAP
            cell.border = BORDER
    ws.freeze_panes = ws.cell(row=start_row + 1, column=1)
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A{start_row}:{last}{start_row + max(len(rows), 1)}"
    print_setup(ws, width=sum(widths), title_rows=f"{start_row}:{start_row}")


def problem_list_xlsx(project) -> bytes:
    current = map_of(project=project, kind=MapKind.CURRENT)
    target = map_of(project=project, kind=MapKind.TARGET)
    current_data = map_data(current, kind=MapKind.CURRENT, title=project.title)
    target_data = map_data(target, kind=MapKind.TARGET, title=project.title) if target else None
    steps = {s.id: s for s in current_data.steps}
    proposals = {p.number: p for p in target_data.proposals} if target_data else {}

    wb = Workbook()
    ws = wb.active
    ws.title = _("Перечень проблем")
    text_cell(ws["A1"], _("Перечень проблем, выявленных в ходе разработки карты текущего состояния процесса"))
    ws["A1"].font = Font(bold=True, size=13)
    text_cell(ws["A2"], _("Проект № %(n)s «%(t)s»") % {"n": project.number, "t": project.title})
    text_cell(ws["A3"], _("%(d)s, Положение п.9.9в") % {"d": clock.today().strftime("%d.%m.%Y")})
    rows = []
    for p in current_data.problems:
        step_text = "\n".join(
            f"{steps[i].number}. {steps[i].name}"
            for i in sorted(p.step_ids, key=lambda i: steps[i].number)
            if i in steps
        )
        proposal_text = "\n".join(f"{n}. {proposals[n].text}" for n in p.proposal_numbers if n in proposals)
        rows.append(
            [p.number, p.text, ", ".join(p.waste_types), step_text, proposal_text, p.no_proposal_reason]
        )
    _table(
        ws,
        5,
        [
            _("№"),
            _("Проблема"),
            _("Виды потерь"),
            _("Шаги карты текущего состояния"),
            _("Предложения по улучшению (карта целевого состояния)"),
            _("Почему предложения нет"),
        ],
        [6, 60, 28, 40, 60, 36],
        rows,
    )
    if not rows:
        text_cell(ws.cell(row=6, column=2), _("Проблемы ещё не выявлены."))

    ws2 = wb.create_sheet(_("Показатели карт"))
    # the target map is a plan, not a fact (issue 20): «целевое (план)», never «стало»
    text_cell(ws2["A1"], _("Показатели процесса: текущее состояние и целевое (план)"))
    ws2["A1"].font = Font(bold=True, size=13)
    current_metrics = compute(current_data) if current else None
    target_metrics = compute(target_data) if target_data else None
    table = compare(current_metrics, target_metrics)
    _table(
        ws2,
        3,
        [
            _("Показатель"),
            _("Карта текущего состояния"),
            _("Карта целевого состояния (план)"),
            _("Разница"),
            _("Разница, %"),
        ],
        [44, 26, 26, 18, 14],
        [
            [
                str(r["label"]),
                _number(r["current"], r["unit"]),
                _number(r["target"], r["unit"]) if target_metrics else None,
                _number(r["diff"], r["unit"]),
                _fraction(r["pct"]),
            ]
            for r in table
        ],
    )
    # numbers stay numbers (issue 20): hours, shares and counts each with its format
    for offset, r in enumerate(table, start=4):
        fmt = METRIC_FORMATS.get(r["unit"], "#,##0")
        for column in (2, 3, 4):
            ws2.cell(row=offset, column=column).number_format = fmt
        ws2.cell(row=offset, column=5).number_format = "0.0%"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
