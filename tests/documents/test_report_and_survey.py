"""The results report (Положение п.24–25, 29) and the survey summary (МР п.4.4) as PDFs, the indicators
workbook (МР п.7), and every document of a closed project one click from its page (issue 8 «Done
when»)."""

import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from documents import catalog
from documents.report import report_file
from documents.survey import survey_file
from documents.workbooks import indicators_xlsx
from projects import planning
from projects.models import IndicatorActual, ResultsReport
from surveys.models import Survey
from tests.documents.builders import closed, implementing, initiation_survey
from tests.factories import make_project
from tests.projects.test_results import fill_report, to_results
from workdays import clock


def test_report_of_a_closed_project(world, as_pdf):
    project = closed(world)
    pdf = as_pdf(report_file(project).content)
    for heading in (
        "ОТЧЁТ",
        "о результатах реализации проекта «Оптимизация выдачи справок»",
        "2. Целевые показатели проекта: целевые и фактические значения",
        "3. Полученный эффект",
        "4. Разработанные нормативные правовые и иные акты",
        "5. Примеры внедрённых изменений: фотографии «До» и «После»",
        "6. Анкетирование заказчиков процесса: до и после",
        "7. Решение Мэра по итогам защиты (Положение п.29)",
    ):
        assert pdf.has(heading), heading
    # indicator 1: 10 → 5 days, actual 6 (80 % of the way); indicator 2: 3 → 1 visit, actual 1
    assert pdf.has("Срок предоставления услуги") and pdf.has("рабочих дней 10 5 6")
    assert pdf.has("достигнут частично (80 %)") and pdf.has("достигнут (100 %)")
    assert pdf.has("300") and pdf.has("135 000") and pdf.has("12 мин × 1 500 заявлений")
    assert pdf.has("Об утверждении административного регламента выдачи справок") and pdf.has("1234-па")
    assert pdf.has("Очередь в коридоре") and pdf.has("Электронная очередь")
    assert pdf.has("Итого средний балл")
    assert pdf.has("Степень достижения целей проекта: цели достигнуты частично")
    assert pdf.has("Отчёт в редакции на дату закрытия проекта")
    assert not pdf.is_draft
    assert pdf.has("И.И. Васильева")  # the lead who sent the report


def test_a_sent_report_is_printed_as_sent(world, as_pdf):  # Положение п.25
    project = to_results(world)
    fill_report(project, world.lead)
    from projects import results

    results.report_send(project=project, by=world.lead)
    ResultsReport.objects.filter(project=project).update(summary="Исправлено после отправки")
    pdf = as_pdf(report_file(project).content)
    assert pdf.has("Единый перечень документов, запись на приём")
    assert "Исправлено после отправки" not in pdf.flat
    assert pdf.has("Отчёт направлен координатору") and not pdf.is_draft


def test_a_report_being_formed_is_a_draft_and_missing_parts_are_marked(world, as_pdf):
    project = to_results(world)
    pdf = as_pdf(report_file(project).content)
    assert pdf.is_draft
    assert pdf.has("Принятые акты не указаны.")
    assert pdf.has("Фотографии «До» и «После» не приложены.")
    # the survey «до» was waived on the way (tests.factories.advance), «после» is still due (п.10.5)
    assert pdf.has("При инициации проекта: анкетирование не проводилось")
    assert pdf.has("При закрытии проекта: анкетирование ещё не проведено")

    early = make_project(world, title="Ещё не начатый")
    pdf = as_pdf(report_file(early).content)
    assert pdf.has("Отчёт о результатах ещё не формировался") and pdf.is_draft


def test_survey_summary_with_the_comparison(world, as_pdf):  # МР п.4.4; Положение п.10.1, 10.5
    early = make_project(world, title="Анкетирование идёт")
    initiation_survey(early, world)
    assert as_pdf(survey_file(early).content).is_draft  # the survey still accepts answers
    project = closed(world)  # both surveys closed on the way (Положение п.10.1, 10.5)
    assert all(s.closed_at for s in Survey.objects.filter(project=project))
    pdf = as_pdf(survey_file(project).content)
    assert not pdf.is_draft
    assert pdf.has("СВОДНЫЕ РЕЗУЛЬТАТЫ")
    assert pdf.has("1. Анкетирование: при инициации проекта")
    assert pdf.has("2. Анкетирование: при закрытии проекта")
    assert pdf.has("Количество опрошенных")
    assert pdf.has("МФЦ «Мои документы» (1)") and pdf.has("Отдел ЗАГС (1)")
    assert pdf.has("Удовлетворены ли Вы в целом работой процесса?")
    assert pdf.has("Анкетирование при инициации и при закрытии проекта")
    assert pdf.has("Сохранить запись на приём")  # a suggestion
    # initiation 2,3,2,3,2 → 2,4; closure 4,4,3,4,4 → 3,8
    assert pdf.has("2,4") and pdf.has("3,8")


def test_survey_summary_without_surveys(world, as_pdf):
    pdf = as_pdf(survey_file(make_project(world)).content)
    assert pdf.has("Анкетирование заказчиков процесса по проекту ещё не проводилось") and pdf.is_draft


def test_indicators_workbook_round_trips_values_dates_and_cyrillic(world):  # МР п.7
    project = implementing(world)
    first = project.indicators.get(order=1)
    with clock.frozen_today(clock.today() - dt.timedelta(days=3)):
        planning.indicator_actual_add(
            project=project,
            by=world.lead,
            indicator=first,
            measured_on=clock.today(),
            value=Decimal("7.5"),
            source="Журнал «Входящие»",
        )
    book = load_workbook(io.BytesIO(indicators_xlsx(project)))
    assert book.sheetnames == ["Показатели", "Фактические значения", "О выгрузке"]
    rows = list(book["Показатели"].iter_rows(min_row=2, max_row=3, values_only=True))
    assert rows[0][1] == "Срок предоставления услуги" and rows[0][2] == "рабочих дней"
    assert (rows[0][4], rows[0][5], rows[0][6]) == (10, 5, 7.5)
    assert rows[0][8] == "достигнут частично" and rows[0][9] == 0.5  # 50 %, a percent cell (issue 20)
    assert rows[1][6] is None and rows[1][8] is None  # no actual value yet
    actual = next(book["Фактические значения"].iter_rows(min_row=2, values_only=True))
    recorded = IndicatorActual.objects.get()
    assert actual[2].date() == recorded.measured_on and actual[3] == 7.5
    assert actual[4] == "Журнал «Входящие»"


def test_every_document_of_a_closed_project_downloads_from_its_page(client, world):
    # issue 8 «Done when»: every document of a closed project, one click from the project page
    project = closed(world)
    client.force_login(world.observer)
    page = client.get(project.get_absolute_url()).content.decode()
    rows = catalog.documents_for(project, world.observer)
    keys = {row["key"] for row in rows}
    assert {
        "card",
        "maps",
        "problems",
        "plan",
        "plan_xlsx",
        "indicators",
        "report",
        "survey",
        "survey_xlsx",
        "presentation",
        "presentation_pptx",
        "working",
        "deadlines",
    } <= keys
    signatures = {"pdf": b"%PDF", "xlsx": b"PK\x03\x04", "pptx": b"PK\x03\x04"}
    for row in rows:
        assert row["url"] in page, row["title"]
        response = client.get(row["url"])
        assert response.status_code == 200, row["url"]
        assert response.content.startswith(signatures[row["fmt"]]), row["url"]
        assert (
            project.number in response["Content-Disposition"]
            or "filename*" in response["Content-Disposition"]
        )
    assert reverse("documents:report_pdf", args=[project.pk]) in page
