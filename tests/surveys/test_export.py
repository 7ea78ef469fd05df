"""Excel export of the answers and of the summary, read back with openpyxl (DESIGN §4)."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from projects.models import Project
from surveys.exports import survey_xlsx
from tests.factories import make_project
from tests.surveys.factories import answer, make_survey


def _sheet_rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def test_workbook_round_trip_with_cyrillic(world):
    survey = make_survey(world)
    answer(
        survey,
        (1, 3, 4, 4, 2),
        department=world.department,
        comments={"satisfaction": "Ждём ответа по три недели", "support": "Не дозвониться"},
        suggestions="Ввести электронную очередь «Госуслуги»",
        name="Петрова Анна Сергеевна",
    )
    answer(survey, (4, 4, 3, 4, 4), organisation="МФЦ ЗАТО Северск")
    workbook = load_workbook(io.BytesIO(survey_xlsx(survey)))
    assert workbook.sheetnames == ["Сводка", "Ответы", "Комментарии и предложения"]

    summary = _sheet_rows(workbook["Сводка"])
    flat = [v for row in summary for v in row if v is not None]
    assert "Сводные результаты анкетирования заказчиков процесса" in flat
    assert next(r[:2] for r in summary if r[0] == "Количество опрошенных") == ("Количество опрошенных", 2)
    groups = ("Процесс", "Поддержка пользователей процесса")
    question_rows = {r[0]: r for r in summary if isinstance(r[0], int) and r[1] in groups}
    assert sorted(question_rows) == [1, 2, 3, 4, 5]
    assert question_rows[1][2] == "Удовлетворены ли Вы в целом работой процесса?"
    assert question_rows[1][3] == 2.5  # (1 + 4) / 2
    assert question_rows[1][4:9] == (1, 0, 0, 1, 2)  # Нет, Скорее нет, Скорее да, Да, answered
    overall = next(r for r in summary if r[2] == "Итого средний балл")
    assert overall[3] == 3.3  # 33 points over 10 answers
    overall_row = next(i for i, r in enumerate(summary, start=1) if r[2] == "Итого средний балл")
    assert workbook["Сводка"].cell(row=overall_row, column=4).number_format == "0.00"
    assert ("Отдел социальной поддержки", 1) in [r[1:3] for r in summary] and ("МФЦ ЗАТО Северск", 1) in [
        r[1:3] for r in summary
    ]

    answers = _sheet_rows(workbook["Ответы"])
    assert answers[0][2] == "Подразделение / организация"
    first = answers[1]
    assert first[2:9] == ("Отдел социальной поддержки", "Петрова Анна Сергеевна", 1, 3, 4, 4, 2)
    assert first[9] == 2.8
    assert first[10] == "Ждём ответа по три недели" and first[14] == "Не дозвониться"
    assert first[15] == "Ввести электронную очередь «Госуслуги»"

    texts = _sheet_rows(workbook["Комментарии и предложения"])
    assert (
        "1. Удовлетворены ли Вы в целом работой процесса?",
        "Нет",
        "Ждём ответа по три недели",
        "Отдел социальной поддержки",
    ) in texts


def test_text_that_looks_like_a_formula_stays_text(world):
    survey = make_survey(world)
    answer(survey, (4, 4, 4, 4, 4), organisation='=HYPERLINK("http://evil";"МФЦ")', suggestions="=1+1\x0b")
    workbook = load_workbook(io.BytesIO(survey_xlsx(survey)))
    row = list(workbook["Ответы"].iter_rows(min_row=2, max_row=2))[0]
    assert row[2].data_type == "s" and row[2].value.startswith("=HYPERLINK")
    assert row[15].data_type == "s" and row[15].value == "=1+1"  # the control character is dropped


def test_export_download_with_before_and_after(client, world):
    project = make_project(world)
    before = make_survey(world, project)
    answer(before, (2, 2, 2, 2, 2))
    Project.objects.filter(pk=project.pk).update(status="defence")
    project.refresh_from_db()
    after = make_survey(world, project, phase="closure")
    answer(after, (4, 4, 4, 4, 3))
    client.force_login(world.authority)
    response = client.get(reverse("surveys:export", args=[project.pk, after.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"anketa-{project.number}-closure.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    rows = _sheet_rows(workbook["До и после"])
    overall = next(r for r in rows if r[1] == "Итого средний балл")
    assert overall[2:5] == (2.0, 3.8, 1.8)
