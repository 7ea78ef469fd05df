"""The action plan as a document (Положение п.17–23; Прил. 3): «СОГЛАСОВАНО» blank before the
coordinator's approval and filled from the journal after, «ПЛАН реализации проекта», the table of
the appendix, the lead's signature block, each revision from its approved text; and the workbook of
every revision with real dates and Cyrillic."""

import datetime as dt
import io

from openpyxl import load_workbook

from documents.plan import plan_file, plan_xlsx
from projects import planning, services
from projects.models import Activity, Meeting
from tests.documents.builders import implementing
from tests.factories import advance, make_project
from tests.projects.test_results import _activity
from workdays import clock

BLANK_DATE = '"__" ______ 20__ г.'
FORM = [
    "СОГЛАСОВАНО",
    "ПЛАН",
    "реализации проекта «Оптимизация выдачи справок»",
    "N п/п",
    "Наименование мероприятия",
    "Ответственный исполнитель",
    "Срок мероприятия",
    "Ожидаемый результат",
    "(наименование должности руководителя проекта)",
    "(подпись)",
    "(Ф.И.О.)",
]


def _drafting(world):
    project = advance(make_project(world), world, "plan_drafting")
    revision = planning.plan_start(project=project, by=world.lead)
    for n, problem in enumerate(planning.current_map_problems(project), start=1):
        _activity(project, revision, world.lead, problem, n)
    return project


def test_draft_plan_has_the_form_of_appendix_3_with_a_blank_stamp(world, as_pdf):
    project = _drafting(world)
    pdf = as_pdf(plan_file(project).content)
    for phrase in FORM:
        assert pdf.has(phrase), phrase
    assert pdf.text.count(BLANK_DATE) == 1
    assert "Соколова" not in pdf.text  # the coordinator has not agreed yet
    assert pdf.is_draft
    assert pdf.has("Мероприятие 1: устранить «Проблема 1»")
    assert pdf.has("Заявитель приходит один раз") and pdf.has("Нет единого перечня документов")
    assert pdf.has("Васильева Иван Иванович")  # the responsible person
    first = project.plan_revisions.get().activities.get(number=1)
    assert pdf.has(first.deadline.strftime("%d.%m.%Y"))
    # the problems of the current map, the activities that solve them (п.17)
    assert pdf.has("Проблемы, ключевые факторы их возникновения и мероприятия")
    assert pdf.page_count >= 1 and pdf.reader.pages[0].mediabox.width > pdf.reader.pages[0].mediabox.height


def test_approved_plan_carries_the_coordinators_stamp_and_the_leads_signature(world, as_pdf):
    # п.18: the lead approves and sends; п.19: the coordinator agrees — both from the journal
    with clock.frozen_today(dt.date(2026, 4, 6)):
        project = implementing(world)
    pdf = as_pdf(plan_file(project).content)
    assert not pdf.is_draft
    assert BLANK_DATE not in pdf.text
    assert pdf.has('"06" апреля 2026 г.')
    assert pdf.has("Соколова")  # И.О. Фамилия of the coordinator
    assert pdf.has("И.И. Васильева") and pdf.has("Главный специалист")  # the lead's block
    assert pdf.has("План утверждён руководителем проекта и направлен координатору 06.04.2026")


def test_approved_plan_is_printed_from_its_approved_text(world, as_pdf):
    project = implementing(world)
    Activity.objects.filter(revision__project=project, number=1).update(title="Подменённый текст")
    pdf = as_pdf(plan_file(project).content)
    assert pdf.has("Мероприятие 1: устранить «Проблема 1»")
    assert "Подменённый текст" not in pdf.flat


def _second_revision(project, world):
    meeting = Meeting.objects.create(
        project=project,
        kind="team",
        starts_at=clock.now(),
        held=True,
        decisions="Перенести срок мероприятия 1",
        created_by=world.lead,
    )
    meeting = services.meeting_protocol_approve(meeting=meeting, by=world.lead)
    new = planning.revision_start(
        project=project, by=world.lead, reason="Перенос срока мероприятия 1", meeting=meeting
    )
    Activity.objects.filter(revision=new, number=1).update(title="Мероприятие 1 в новой редакции")
    planning.revision_submit(revision=new, by=world.lead)
    planning.revision_decide(revision=new, by=world.coordinator, approve=True)
    return new, meeting


def test_each_revision_is_a_document_of_its_own(world, as_pdf):  # Положение п.22–23
    project = implementing(world)
    first = project.plan_revisions.get(number=1)
    new, meeting = _second_revision(project, world)

    current = as_pdf(plan_file(project).content)
    assert current.has("Мероприятие 1 в новой редакции")
    assert current.has("Редакция 2: изменения плана (Положение п.22–23).")
    assert current.has(f"протокол № {meeting.number}")
    assert current.has("Перенос срока мероприятия 1")
    assert not current.is_draft and current.has("Соколова")

    first.refresh_from_db()
    old = as_pdf(plan_file(project, first).content)
    assert old.has("Мероприятие 1: устранить «Проблема 1»")
    assert "в новой редакции" not in old.flat
    assert old.has("Редакция заменена более поздней.")

    new.refresh_from_db()
    assert plan_file(project, new).filename == f"{project.number} План мероприятий редакция 2.pdf"


def test_a_very_long_activity_wraps_and_paginates(world, as_pdf):
    project = _drafting(world)
    revision = project.plan_revisions.get()
    long_title = "Разработать и утвердить единый перечень документов для заявителя " * 30
    Activity.objects.filter(revision=revision, number=1).update(title=long_title, expected_result=long_title)
    pdf = as_pdf(plan_file(project).content)
    assert pdf.page_count >= 2
    # 60 times in the cells, nothing clipped (a few are split by hyphenation across lines)
    assert pdf.flat.count("единый перечень документов для заявителя") >= 55
    assert "единый перечень документов" in pdf.pages[1]


def test_plan_without_a_revision_still_renders(world, as_pdf):
    project = advance(make_project(world), world, "plan_drafting")
    pdf = as_pdf(plan_file(project).content)
    assert pdf.has("План мероприятий ещё не начат") and pdf.is_draft


def test_plan_workbook_round_trips_every_revision(world):
    project = implementing(world)
    _second_revision(project, world)
    act = project.plan_revisions.get(number=2).activities.get(number=2)
    planning.activity_move(
        activity=act, by=world.lead, to="done", expected_version=act.version, evidence="Приказ"
    )
    book = load_workbook(io.BytesIO(plan_xlsx(project)))
    assert book.sheetnames == ["Редакция 1", "Редакция 2 (действует)", "Редакции плана", "О выгрузке"]
    sheet = book["Редакция 2 (действует)"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["№ п/п", "Наименование мероприятия", "Решаемые проблемы №"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if isinstance(r[0], int)}
    assert rows[1][1] == "Мероприятие 1 в новой редакции"
    deadline = rows[1][5]
    assert isinstance(deadline, dt.datetime)  # a real date, not text
    assert deadline.date() == project.plan_revisions.get(number=2).activities.get(number=1).deadline
    assert rows[2][7] == "Сделано" and rows[2][9].date() == clock.today() and rows[2][10] == "Приказ"
    assert book["Редакция 1"].cell(2, 2).value == "Мероприятие 1: устранить «Проблема 1»"
    overview = list(book["Редакции плана"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in overview[:2]] == ["заменён новой редакцией", "действует"]
