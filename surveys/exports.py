"""Excel workbook of a survey (DESIGN §4: survey results in Excel): the summary of МР п.4.4, every
answer, the comments and suggestions, and before vs after when the project has both surveys.
Built from the same selectors the pages use.

Respondents type free text into a public form; a text starting with «=» would become a formula in
Excel, so every text cell is written as a string (`documents.xlsx.text_cell`, issue 18 hole 3)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from documents.xlsx import print_setup, sheet_width, text_cell

from .choices import Score
from .models import Survey
from .questions import COMMENT_PROMPT, OVERALL_LABEL, QUESTIONS, SUGGESTIONS_QUESTION
from .selectors import phase_comparison, responses_of, survey_summary

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
WRAP = Alignment(wrap_text=True, vertical="top")
AVERAGE_FORMAT = "0.00"


def _put(ws, row: int, column: int, value, *, bold: bool = False, number_format: str | None = None):
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        text_cell(cell, value)  # never a formula, whatever the respondent typed
    else:
        cell.value = value
    if bold:
        cell.font = BOLD
    if number_format:
        cell.number_format = number_format
    cell.alignment = WRAP
    return cell


def _header(ws, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = _put(ws, row, column, str(title), bold=True)
        cell.fill = HEADER_FILL


def _widths(ws, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width


def _summary_sheet(ws, survey: Survey, summary: dict) -> None:
    ws.title = _("Сводка")
    project = survey.project
    _put(ws, 1, 1, str(_("Сводные результаты анкетирования заказчиков процесса"))).font = TITLE
    rows = [
        (_("Наименование процесса"), summary["process_name"]),
        (_("Проект"), f"№ {project.number} {project.title}"),
        (_("Этап проекта"), summary["phase_label"]),
        (
            _("Приём ответов"),
            f"{summary['opens_on']:%d.%m.%Y} — {summary['closes_on']:%d.%m.%Y} ({summary['state_label']})",
        ),
        (_("Количество опрошенных"), summary["respondents"]),
        (_("Подразделений и организаций"), summary["organisations_count"]),
    ]
    row = 3
    for label, value in rows:
        _put(ws, row, 1, str(label), bold=True)
        _put(ws, row, 2, value)
        row += 1

    row += 1
    _header(
        ws,
        row,
        [
            "№",
            _("Группа"),
            _("Вопрос"),
            _("Средний балл"),
            *[f"{score.label} ({score.value})" for score in Score],
            _("Ответили"),
        ],
    )
    for q in summary["questions"]:
        row += 1
        _put(ws, row, 1, q["number"])
        _put(ws, row, 2, q["group"])
        _put(ws, row, 3, q["text"])
        _put(ws, row, 4, q["average"], number_format=AVERAGE_FORMAT)
        for offset, item in enumerate(q["distribution"]):
            _put(ws, row, 5 + offset, item["count"])
        _put(ws, row, 9, q["answered"])
    row += 1
    _put(ws, row, 3, str(OVERALL_LABEL), bold=True)
    _put(ws, row, 4, summary["overall_average"], bold=True, number_format=AVERAGE_FORMAT)

    row += 2
    _put(ws, row, 1, str(_("Подразделения и организации, участвовавшие в анкетировании")), bold=True)
    row += 1
    _header(ws, row, ["№", _("Подразделение / организация"), _("Респондентов")])
    for number, item in enumerate(summary["organisations"], start=1):
        row += 1
        _put(ws, row, 1, number)
        _put(ws, row, 2, item["name"])
        _put(ws, row, 3, item["respondents"])
    _widths(ws, [6, 34, 60, 14, 12, 14, 14, 10, 11])


def _answers_sheet(ws, survey: Survey) -> None:
    ws.title = _("Ответы")
    titles = [
        "№",
        _("Получен"),
        _("Подразделение / организация"),
        _("Ф.И.О."),
        *[_("Вопрос %(n)s, балл") % {"n": q.number} for q in QUESTIONS],
        str(OVERALL_LABEL),
        *[_("Комментарий к вопросу %(n)s") % {"n": q.number} for q in QUESTIONS],
        str(SUGGESTIONS_QUESTION),
    ]
    _header(ws, 1, titles)
    for number, response in enumerate(responses_of(survey=survey), start=1):
        row = number + 1
        _put(ws, row, 1, number)
        submitted = timezone.localtime(response.submitted_at).replace(tzinfo=None)
        _put(ws, row, 2, submitted, number_format="dd.mm.yyyy hh:mm")
        _put(ws, row, 3, response.organisation)
        _put(ws, row, 4, response.respondent_name)
        column = 5
        for q in QUESTIONS:
            _put(ws, row, column, getattr(response, q.code))
            column += 1
        _put(ws, row, column, response.average, number_format=AVERAGE_FORMAT)
        column += 1
        for q in QUESTIONS:
            _put(ws, row, column, getattr(response, q.comment_field))
            column += 1
        _put(ws, row, column, response.suggestions)
    ws.freeze_panes = "A2"
    _widths(ws, [5, 16, 34, 24, 10, 10, 10, 10, 10, 12, 30, 30, 30, 30, 30, 40])


def _texts_sheet(ws, summary: dict) -> None:
    ws.title = _("Комментарии и предложения")
    _put(ws, 1, 1, str(COMMENT_PROMPT), bold=True)
    _header(ws, 2, [_("Вопрос"), _("Ответ"), _("Комментарий"), _("Подразделение / организация")])
    row = 2
    for item in summary["comments"]:
        row += 1
        _put(ws, row, 1, f"{item['question_number']}. {item['question']}")
        _put(ws, row, 2, item["answer"])
        _put(ws, row, 3, item["text"])
        _put(ws, row, 4, item["organisation"])
    row += 2
    _put(ws, row, 1, str(SUGGESTIONS_QUESTION), bold=True)
    row += 1
    _header(ws, row, [_("Предложение"), _("Подразделение / организация")])
    for item in summary["suggestions"]:
        row += 1
        _put(ws, row, 1, item["text"])
        _put(ws, row, 2, item["organisation"])
    _widths(ws, [60, 30, 60, 34])


def _comparison_sheet(ws, comparison: dict) -> None:
    ws.title = _("До и после")
    _put(ws, 1, 1, str(_("Анкетирование при инициации и при закрытии проекта"))).font = TITLE
    _header(ws, 3, ["№", _("Вопрос"), _("При инициации"), _("При закрытии"), _("Изменение")])
    row = 3
    for q in comparison["questions"]:
        row += 1
        _put(ws, row, 1, q["number"])
        _put(ws, row, 2, q["text"])
        _put(ws, row, 3, q["before"], number_format=AVERAGE_FORMAT)
        _put(ws, row, 4, q["after"], number_format=AVERAGE_FORMAT)
        _put(ws, row, 5, q["change"], number_format="+0.00;-0.00;0.00")
    for label, key, fmt in (
        (OVERALL_LABEL, "overall", AVERAGE_FORMAT),
        (_("Количество опрошенных"), "respondents", "0"),
        (_("Подразделений и организаций"), "organisations", "0"),
    ):
        row += 1
        _put(ws, row, 2, str(label), bold=True)
        _put(ws, row, 3, comparison[key]["before"], number_format=fmt)
        _put(ws, row, 4, comparison[key]["after"], number_format=fmt)
        change_format = "+0.00;-0.00;0.00" if key == "overall" else "+0;-0;0"
        _put(ws, row, 5, comparison[key]["change"], number_format=change_format)
    _widths(ws, [6, 70, 16, 16, 14])


def survey_xlsx(survey: Survey) -> bytes:
    """The workbook of one survey; with the project's other phase, a «До и после» sheet as well."""
    summary = survey_summary(survey)
    workbook = Workbook()
    _summary_sheet(workbook.active, survey, summary)
    _answers_sheet(workbook.create_sheet(), survey)
    _texts_sheet(workbook.create_sheet(), summary)
    comparison = phase_comparison(survey.project)
    if comparison is not None:
        _comparison_sheet(workbook.create_sheet(), comparison)
    for ws in workbook.worksheets:
        # the answers are a table: its header repeats on every printed page and carries a filter
        answers = ws.title == _("Ответы")
        print_setup(ws, width=sheet_width(ws), title_rows="1:1" if answers else "")
        if answers:
            ws.auto_filter.ref = ws.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
