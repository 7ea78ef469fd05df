"""The problem list (перечень проблем, Положение п.9.9в) as an Excel workbook, built from the same
selectors as the page (DESIGN §4). A second sheet carries the before/after metrics of the maps."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from documents.bounds import spreadsheet_text
from workdays import clock

from .choices import MapKind
from .metrics import compare, compute
from .selectors import map_data, map_of

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
WRAP = Alignment(wrap_text=True, vertical="top")


def _table(ws, start_row: int, headers: list[str], widths: list[int], rows: list[list]) -> None:
    for col, (title, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=start_row, column=col, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, values in enumerate(rows, start=start_row + 1):
        for col, value in enumerate(values, start=1):
            if isinstance(value, str):
                value = spreadsheet_text(value)  # issue 18: control characters, cell size
            cell = ws.cell(row=r, column=col, value=value)
            cell.alignment = WRAP
            cell.border = BORDER
    ws.freeze_panes = ws.cell(row=start_row + 1, column=1)


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
    ws["A1"] = _("Перечень проблем, выявленных в ходе разработки карты текущего состояния процесса")
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = _("Проект № %(n)s «%(t)s»") % {"n": project.number, "t": project.title}
    ws["A3"] = _("%(d)s, Положение п.9.9в") % {"d": clock.today().strftime("%d.%m.%Y")}
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
        ws.cell(row=6, column=2, value=_("Проблемы ещё не выявлены."))

    ws2 = wb.create_sheet(_("Показатели карт"))
    ws2["A1"] = _("Показатели процесса: было — стало")
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
            _("Карта целевого состояния"),
            _("Разница"),
            _("Разница, %"),
        ],
        [44, 26, 26, 18, 14],
        [
            [
                str(r["label"]),
                r["current_text"],
                r["target_text"] if target_metrics else "—",
                r["diff_text"],
                r["pct_text"],
            ]
            for r in table
        ],
    )
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
