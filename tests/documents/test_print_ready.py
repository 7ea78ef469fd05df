"""Print-ready PDFs (issue 20): the plan in exactly the form of Прил. 3, a revision that says what it
changed and on which protocol's decision, stamps with the form's full captions, no hyphen inside a
surname, no table row split across two pages and the header repeated on every page, and a printed
version that carries its own date and stage."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from documents.card import card_file
from documents.plan import plan_file
from documents.protocol import protocol_file
from projects import planning, services
from projects.exceptions import ActionRefused
from projects.models import Activity, Meeting
from tests.documents.builders import implementing
from tests.factories import advance, make_project
from tests.projects.test_results import _activity
from workdays import clock

FIVE_COLUMNS = [
    "N п/п",
    "Наименование мероприятия",
    "Ответственный исполнитель",
    "Срок мероприятия",
    "Ожидаемый результат",
]


def _drafting(world):
    project = advance(make_project(world), world, "plan_drafting")
    revision = planning.plan_start(project=project, by=world.lead)
    for n, problem in enumerate(planning.current_map_problems(project), start=1):
        _activity(project, revision, world.lead, problem, n)
    return project, revision


def _team_meeting(project, world, decisions):
    meeting = Meeting.objects.create(
        project=project,
        kind="team",
        starts_at=clock.now() - dt.timedelta(hours=1),
        held=True,
        decisions=decisions,
        created_by=world.lead,
    )
    return services.meeting_protocol_approve(meeting=meeting, by=world.lead)


def test_plan_table_has_exactly_the_five_columns_of_appendix_3(world, as_pdf):  # Прил. 3
    project, _revision = _drafting(world)
    pdf = as_pdf(plan_file(project).content)
    first_page = re.sub(r"\s+", " ", pdf.pages[0])
    positions = [first_page.find(heading) for heading in FIVE_COLUMNS]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)  # in the form's order
    # the plan's table has no sixth column (the problems are listed after the signature)
    table = first_page[positions[0] : first_page.find("(наименование должности руководителя проекта)")]
    assert "Решаемые проблемы" not in table and "причина" not in table
    # «СОГЛАСОВАНО» above the title, the lead's block below the table
    assert first_page.find("СОГЛАСОВАНО") < first_page.find("ПЛАН") < positions[0]
    assert positions[-1] < first_page.find("(Ф.И.О.)")


def test_stamp_captions_keep_the_municipality_name(world, as_pdf):  # Прил. 1, 3
    project, _revision = _drafting(world)
    unsigned = make_project(world, title="Запись на приём")  # the card still a draft
    name = project.municipality.name
    for content in (plan_file(project).content, card_file(unsigned).content):
        pdf = as_pdf(content)
        assert pdf.has(f"(наименование должности курирующего проект заместителя Мэра {name})")
        assert pdf.has(f"(подпись и Ф.И.О. курирующего проект заместителя Мэра {name})")


def _revised(world):
    """Revision 2: activity 1 moved by 20 days, activity 2 removed, a new activity added."""
    project = implementing(world)
    meeting = _team_meeting(
        project,
        world,
        "Принять к сведению ход реализации плана\nПеренести срок мероприятия 1 и исключить мероприятие 2",
    )
    new = planning.revision_start(project=project, by=world.lead, reason="Перенос срока", meeting=meeting)
    moved = new.activities.get(number=1)
    old_deadline = moved.deadline
    Activity.objects.filter(pk=moved.pk).update(deadline=old_deadline + dt.timedelta(days=20))
    dropped = new.activities.get(number=2)
    problem = dropped.problems.get()
    planning.activity_delete(activity=dropped, by=world.lead)
    _activity(project, new, world.lead, problem, 7)
    return project, new, meeting, old_deadline


def test_revision_prints_its_changes_and_the_decision_it_rests_on(world, as_pdf):  # п.22–23
    project, new, meeting, old_deadline = _revised(world)
    planning.revision_submit(revision=new, by=world.lead)
    planning.revision_decide(revision=new, by=world.coordinator, approve=True)
    new.refresh_from_db()
    document = plan_file(project, new)
    assert document.filename == f"{project.number} План мероприятий редакция 2.pdf"
    pdf = as_pdf(document.content)
    assert pdf.has("Изменения плана в редакции 2")
    assert pdf.has("Изменение против редакции 1")
    new_deadline = old_deadline + dt.timedelta(days=20)
    assert pdf.has(
        f"перенесён срок 1 Мероприятие 1: устранить «Проблема 1» {old_deadline:%d.%m.%Y} → {new_deadline:%d.%m.%Y}"
    )
    assert pdf.has("исключено 2 Мероприятие 2")
    assert pdf.has("добавлено") and pdf.has("Мероприятие 7")
    held = timezone.localtime(meeting.starts_at)
    assert pdf.has(f"протокол заседания команды проекта № {meeting.number} от {held:%d.%m.%Y}")
    # the decision that records this change, not the other decisions of the meeting
    assert pdf.has("решение: «Перенести срок мероприятия 1 и исключить мероприятие 2»")
    assert "Принять к сведению" not in pdf.flat


def test_a_revision_cannot_cite_a_protocol_that_does_not_record_the_change(world):  # п.23
    project = implementing(world)
    meeting = _team_meeting(project, world, "Принять к сведению ход реализации плана\nОбновить доску")
    with pytest.raises(ActionRefused, match="нет решения об изменении плана"):
        planning.revision_start(project=project, by=world.lead, reason="Перенос срока", meeting=meeting)
    assert project.plan_revisions.count() == 1


def test_a_pending_revision_carries_its_own_date_not_todays(world, as_pdf):
    with clock.frozen_today(dt.date(2026, 5, 4)):
        project, new, _meeting, _old = _revised(world)
        planning.revision_submit(revision=new, by=world.lead)
    with clock.frozen_today(dt.date(2026, 6, 15)):
        new.refresh_from_db()
        pdf = as_pdf(plan_file(project, new).content)
    assert pdf.has("редакция 2 от 04.05.2026")
    assert pdf.has("Проект плана по состоянию на 04.05.2026")
    assert "по состоянию на 15.06.2026" not in pdf.flat


def test_a_card_version_carries_its_own_date_and_stage(world, as_pdf):
    with clock.frozen_today(dt.date(2026, 3, 2)):
        project = make_project(world)
        advance(project, world, "card_review")
    entry = project.journal.filter(action="submit_card").latest("at")
    with clock.frozen_today(dt.date(2026, 6, 15)):
        advance(project, world, "current_map")
        pdf = as_pdf(card_file(project, entry=entry).content)
    assert pdf.has("Проект карточки от 02.03.2026")
    assert pdf.has("стадия «")
    assert "по состоянию на 15.06.2026" not in pdf.flat and "Проект карточки от 15.06.2026" not in pdf.flat


def test_a_surname_is_never_split_by_a_hyphen(world, as_pdf):
    """Free text is justified; automatic hyphenation split surnames at line ends (issue 20)."""
    project, _revision = _drafting(world)
    surname = "Константинопольская"
    discussion = " ".join(f"{surname} В.А. доложила о ходе работ." for _ in range(60))
    meeting = Meeting.objects.create(
        project=project,
        kind="team",
        starts_at=clock.now(),
        held=True,
        discussion=discussion,
        decisions="Принять к сведению",
        created_by=world.lead,
    )
    pdf = as_pdf(protocol_file(meeting, project).content)
    assert pdf.text.count(surname) == 60
    assert not re.search(r"[А-Яа-яЁё]-\n", pdf.text)


def test_no_plan_row_is_split_across_pages_and_the_header_repeats(world, as_pdf):
    project, revision = _drafting(world)
    problem = planning.current_map_problems(project)[0]
    for n in range(10, 40):
        act = _activity(project, revision, world.lead, problem, 1 + n % 8)
        Activity.objects.filter(pk=act.pk).update(
            title=f"НАЧАЛО{n} " + "Разработать регламент взаимодействия отделов " * (3 + n % 5) + f"КОНЕЦ{n}",
        )
    pdf = as_pdf(plan_file(project).content)
    table_pages = [i for i, text in enumerate(pdf.pages) if "НАЧАЛО" in text or "КОНЕЦ" in text]
    assert len(table_pages) >= 3
    for n in range(10, 40):
        start = [i for i, text in enumerate(pdf.pages) if re.search(rf"НАЧАЛО{n}\b", text)]
        end = [i for i, text in enumerate(pdf.pages) if re.search(rf"КОНЕЦ{n}\b", text)]
        assert start and start == end, (n, start, end)
    for i in table_pages:
        assert "Наименование мероприятия" in pdf.pages[i], i


STALO = re.compile(r"(?<![а-яё])стало(?![а-яё])", re.IGNORECASE)


def test_target_values_are_labelled_as_planned_in_the_report(world, as_pdf):  # Положение п.24–25
    from documents.report import report_file
    from tests.documents.builders import closed

    project = closed(world, photos=False, surveys=False)
    pdf = as_pdf(report_file(project).content)
    assert not STALO.search(pdf.flat)  # the target map is a plan, not a fact
    assert pdf.has("Целевое (план)") and pdf.has("Было (карта текущего состояния)")
    assert pdf.has("Целевое значение (план)") and pdf.has("Фактическое значение (результат)")
    assert pdf.has("ВПП: целевое (план)")  # the chart's legend


def test_target_values_are_labelled_as_planned_in_the_practice_summary(world, as_pdf):  # п.31
    from projects.practices import practice_summary_pdf
    from tests.projects.test_practices import publish
    from tests.projects.test_results import closed_project

    practice = publish(world, closed_project(world))
    pdf = as_pdf(practice_summary_pdf(practice))
    assert not STALO.search(pdf.flat)
    assert pdf.has("Процесс: было и целевое (план) по картам процесса")
    assert pdf.has("Фактическое (результат)")
