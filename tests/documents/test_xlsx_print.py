"""Excel as an official prints and reads it (issue 20): every export is set up for A4 — landscape
when wide, fitted to the page width, the header row repeated, frozen, with a filter — and holds
numbers, money, hours, percents and dates as such, with their formats, never as text."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from documents import exports, workbooks
from documents.plan import plan_xlsx
from documents.xlsx import FORMATS, MONEY, Column, Workbook
from maps.exports import problem_list_xlsx
from projects import services
from surveys.exports import survey_xlsx
from tests.documents.builders import closed
from tests.factories import make_project
from workdays import clock


def _book(content: bytes):
    return load_workbook(io.BytesIO(content))


def _assert_printable(ws, *, table: bool = True):
    setup = ws.page_setup
    assert setup.paperSize in (9, "9"), ws.title  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0, ws.title
    assert setup.orientation in ("portrait", "landscape"), ws.title
    if table:
        assert ws.print_title_rows, ws.title  # the header repeated on every page
        assert ws.freeze_panes, ws.title
        assert ws.auto_filter.ref, ws.title


def _exports(world):
    project = closed(world)
    return {
        "registry": exports.registry_xlsx(user=world.authority, params={}),
        "deadlines": exports.registry_deadlines_xlsx(user=world.authority, params={}),
        "project_deadlines": exports.project_deadlines_xlsx(user=world.authority, project=project),
        "plan": plan_xlsx(project),
        "indicators": workbooks.indicators_xlsx(project),
        "problems": problem_list_xlsx(project),
        "survey": survey_xlsx(project.surveys.get(phase="closure")),
    }, project


def test_every_export_has_print_setup(world):
    files, _project = _exports(world)
    for name, content in files.items():
        book = _book(content)
        tables = 0
        for ws in book.worksheets:
            is_table = bool(ws.auto_filter.ref)
            _assert_printable(ws, table=is_table)
            tables += is_table
        assert tables, name  # each export has at least one table with its header and filter
    registry = _book(files["registry"])["Реестр проектов"]
    assert registry.page_setup.orientation == "landscape"  # 15 columns do not fit a portrait page
    assert registry.print_title_rows == "$1:$1"


def test_cells_hold_numbers_with_formats_not_text(world):
    files, project = _exports(world)
    indicators = _book(files["indicators"]).worksheets[0]
    header = [c.value for c in indicators[1]]
    row = list(indicators[2])
    for title in ("Текущее значение", "Целевое значение", "Фактическое значение"):
        cell = row[header.index(title)]
        assert isinstance(cell.value, int | float | Decimal), (title, cell.value)
        assert cell.number_format != "General" and "#,##0" in cell.number_format
    share = row[header.index("Пройдено пути к цели")]
    assert isinstance(share.value, int | float) and share.number_format.endswith("%")

    metrics = _book(files["problems"])["Показатели карт"]
    values = [r for r in metrics.iter_rows(min_row=4, values_only=False) if r[0].value]
    lead_time = next(r for r in values if "протекания" in str(r[0].value))
    assert isinstance(lead_time[1].value, int | float) and '"ч"' in lead_time[1].number_format
    assert all(not isinstance(r[1].value, str) for r in values)
    assert "стало" not in str(metrics["A1"].value)


def test_money_hours_and_whole_numbers_have_their_formats():
    book = Workbook()
    book.table(
        "Эффект",
        [Column("Экономия", 14, MONEY), Column("Часы", 12, "hours"), Column("Число", 10, "number")],
        [(Decimal("135000"), Decimal("300.5"), Decimal("5")), ("1 250,50", 2, Decimal("5.25"))],
    )
    ws = _book(book.to_bytes())["Эффект"]
    money, hours, whole = ws[2]
    assert money.value == 135000 and money.number_format == FORMATS[MONEY] and "₽" in money.number_format
    assert hours.value == 300.5 and '"ч"' in hours.number_format
    assert whole.value == 5 and whole.number_format == "#,##0"  # not «5,00»
    assert ws["A3"].value == 1250.5  # a number typed with spaces and a comma is still a number
    assert ws["C3"].number_format == "#,##0.00"
    assert ws.page_setup.orientation == "portrait"  # three narrow columns


@pytest.fixture
def backdated(world):
    with clock.frozen_today(dt.date(2026, 3, 2)):
        project = make_project(world, title="Выдача справок о составе семьи")
        services.card_submit(project=project, by=world.lead)
    return project


def test_registry_created_is_the_day_the_card_was_created_and_closing_is_planned(world, backdated):
    # a project entered with a moved clock (the demo, paper records) showed today as «Создан»
    ws = _book(exports.registry_xlsx(user=world.authority, params={}))["Реестр проектов"]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert row["Создан"] == dt.datetime(2026, 3, 2)
    assert ws.cell(row=2, column=header.index("Создан") + 1).is_date
    planned = "Плановая дата закрытия (завершающее совещание)"
    assert row[planned] == dt.datetime.combine(backdated.closing_meeting_date, dt.time())
    assert row["Закрыт (решение Мэра)"] is None
