"""Protocols of meetings as PDFs: the kick-off protocol records the decision to initiate the project
(Положение п.10.1; МР п.4.9), the closing one is chaired by the Mayor and records the decision to
close (п.10.5, 26–29; МР п.8); an unapproved protocol is a draft."""

import datetime as dt

from django.utils import timezone

from documents.protocol import protocol_file
from projects import services
from projects.models import JournalEntry, Meeting, MeetingParticipant
from tests.factories import UserFactory, advance, make_project
from workdays import clock

D = dt.date


def _meeting(project, world, kind="kickoff", **fields):
    defaults = {
        "number": 1,
        "starts_at": timezone.make_aware(dt.datetime(2026, 3, 12, 10, 30)),
        "place": "Администрация, каб. 210",
        "goals": "Обсудить цели и задачи проекта",
        "agenda": "О целях проекта\nО ролях участников команды",
        "created_by": world.lead,
    }
    defaults.update(fields)
    return Meeting.objects.create(project=project, kind=kind, **defaults)


def _invite(meeting, *people, attended=()):
    for person in people:
        MeetingParticipant.objects.create(meeting=meeting, user=person, attended=person in attended)


def test_approved_kickoff_protocol_reads_like_a_protocol(world, as_pdf):
    project = advance(make_project(world), world, "current_map")
    guest = UserFactory(
        username="guest", municipality=world.municipality, last_name="Орлова", position="Консультант"
    )
    meeting = _meeting(
        project,
        world,
        held=True,
        decisions="Утвердить состав команды\nПровести картирование до 15.04.2026",
        discussion="Руководитель проекта представил цели.",
        feedback="Участники отметили очереди в приёмной.",
        initiation_decided=True,
        external_participants="Петров П.П., МФЦ",
    )
    _invite(
        meeting,
        world.lead,
        world.member,
        world.coordinator,
        guest,
        attended=(world.lead, world.member, world.coordinator),
    )
    with clock.frozen_today(D(2026, 3, 13)):
        services.meeting_protocol_approve(meeting=meeting, by=world.coordinator)
    meeting.refresh_from_db()
    pdf = as_pdf(protocol_file(meeting).content)

    assert pdf.has("ПРОТОКОЛ")
    assert pdf.has("установочного совещания по проекту «Оптимизация выдачи справок»")
    assert pdf.has("АДМИНИСТРАЦИЯ ТЕСТОВСК")
    assert pdf.has("12.03.2026") and pdf.has("№ 1")
    assert pdf.has("Администрация, каб. 210") and pdf.has("10:30")
    assert pdf.has("Председательствующий: Васильева Иван Иванович")  # the lead chairs (п.9.4)
    assert pdf.has("Присутствовали")
    assert pdf.has("Соколова Иван Иванович") and pdf.has("Петров П.П., МФЦ")
    assert pdf.has("Приглашены, но отсутствовали: Орлова И.И.")
    assert pdf.has("ПОВЕСТКА ДНЯ") and pdf.has("О ролях участников команды")
    assert pdf.has("РЕШИЛИ")
    assert pdf.has("Инициировать проект «Оптимизация выдачи справок» (Положение п.10.1).")
    assert pdf.has("Провести картирование до 15.04.2026")
    assert pdf.has("Участники отметили очереди в приёмной.")
    # approved: «УТВЕРЖДАЮ» with the approver's name and date, no draft mark
    assert pdf.has("УТВЕРЖДАЮ") and pdf.has("И.И. Соколова") and pdf.has('"13" марта 2026 г.')
    assert not pdf.is_draft
    assert pdf.page_count == 1


def test_protocol_before_the_meeting_is_a_draft_with_the_invited(world, as_pdf):
    project = advance(make_project(world), world, "current_map")
    meeting = _meeting(project, world, kind="team", number=3, agenda="")
    _invite(meeting, world.lead, world.member)
    pdf = as_pdf(protocol_file(meeting).content)

    assert pdf.is_draft
    assert pdf.has("заседания команды проекта «Оптимизация выдачи справок»")
    assert pdf.has("Приглашены") and pdf.has("Иванов")
    assert pdf.has("Совещание ещё не проведено")
    assert pdf.has('"__" ______ 20__ г.')  # the approval is a blank line
    assert pdf.text.count("не заполнено") >= 2  # no agenda, no decisions yet


def test_held_kickoff_without_the_initiation_decision_is_marked(world, as_pdf):
    # Положение п.10.1: the kick-off protocol must record the decision to initiate
    project = make_project(world)
    meeting = _meeting(project, world, held=True, decisions="Собрать данные")
    pdf = as_pdf(protocol_file(meeting).content)
    assert pdf.has("решение об инициации проекта в протоколе не отражено")
    assert pdf.has("присутствовавшие не отмечены")


def test_closing_protocol_is_chaired_by_the_mayor_and_records_the_decision(world, as_pdf):
    # Положение п.26, 29; МР п.8: the closing meeting under the Mayor, the decision to close
    project = advance(make_project(world), world, "current_map")
    meeting = _meeting(project, world, kind="closing", held=True, decisions="Признать проект успешным")
    _invite(meeting, world.mayor, world.lead, attended=(world.mayor, world.lead))
    JournalEntry.objects.create(
        project=project,
        at=timezone.make_aware(dt.datetime(2026, 3, 12, 12, 0)),
        actor=world.mayor,
        action="close",
        label="Мэр принял решение о степени достижения целей и закрыл проект: цели достигнуты",
    )
    pdf = as_pdf(protocol_file(meeting).content)
    assert pdf.has("завершающего совещания по проекту")
    assert pdf.has("Председательствующий: Громов Иван Иванович — Мэр Тестовск")
    assert pdf.has("закрыл проект: цели достигнуты") and pdf.has("Положение п.29")
    assert pdf.has("Признать проект успешным")


def test_a_participant_marked_as_chair_or_secretary_signs_the_protocol(world, as_pdf):
    project = make_project(world)
    meeting = _meeting(project, world, kind="team", held=True, decisions="Перенести срок")
    MeetingParticipant.objects.create(
        meeting=meeting, user=world.coordinator, role="председатель", attended=True
    )
    MeetingParticipant.objects.create(meeting=meeting, user=world.member, role="секретарь", attended=True)
    pdf = as_pdf(protocol_file(meeting).content)
    assert pdf.has("Председательствующий: Соколова Иван Иванович")
    assert pdf.has("Протокол вёл")
    assert pdf.has("Секретарь: Иванов")


def test_hole2_a_protocol_of_10_000_decision_lines_is_cut_to_a_list_that_prints(world, as_pdf):
    """Issue 18, hole 2: 10 000 stored lines made 10 000 list items and a layout the time limit had
    to stop (15 s); the list keeps its first items and says it was cut."""
    project = make_project(world)
    lines = "\n".join(f"Решение {i}" for i in range(10_000))
    meeting = _meeting(project, world, kind="team", held=True, decisions=lines, agenda=lines)
    pdf = as_pdf(protocol_file(meeting).content)
    assert pdf.has("Решение 1") and pdf.has("текст сокращён")
    assert "Решение 9999" not in pdf.text
