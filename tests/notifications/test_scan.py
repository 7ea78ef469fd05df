"""The daily reminder scan: which deadlines, on which days, to whom, with what text; each once
(Положение п.14–24; DESIGN §5; issue 9)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import sources
from notifications.choices import Delivery, Kind
from notifications.models import Notification, OutgoingMail, Reminder
from org.choices import Role
from projects.models import Deadline, Project
from tests.factories import UserFactory

from .conftest import in_stage, scan, submitted

D = dt.date


def test_coordinator_is_reminded_3_and_1_days_before_on_the_day_and_when_overdue(world, mailoutbox):
    # Положение п.14: submitted 29.10.2025, due 13.11.2025 (across the working Saturday 1.11
    # and the holidays 3–4.11).
    project = submitted(world, D(2025, 10, 29))
    assert project.deadlines.get(stage="card_review").due_on == D(2025, 11, 13)

    scan(D(2025, 11, 7))  # 4 working days left: nothing
    assert mailoutbox == []

    scan(D(2025, 11, 10))
    (mail,) = mailoutbox
    assert mail.to == [world.coordinator.email]
    assert "Осталось 3 рабочих дня" in mail.subject
    assert "Рассмотрение карточки координатором" in mail.body
    assert "13.11.2025 — осталось 3 рабочих дня" in mail.body
    assert "Положение п.14" in mail.body
    assert f"http://127.0.0.1:8000/projects/{project.pk}/" in mail.body
    assert project.title in mail.body

    scan(D(2025, 11, 11))  # 2 left: not a reminder day
    assert len(mailoutbox) == 1
    scan(D(2025, 11, 12))
    assert "13.11.2025 — остался 1 рабочий день" in mailoutbox[-1].body
    scan(D(2025, 11, 13))
    assert "срок сегодня" in mailoutbox[-1].body
    assert len(mailoutbox) == 3


def test_overdue_review_escalates_to_authority_and_mayors_office(world, mailoutbox):
    # A coordinator's own overdue review goes to the authorised body and the mayor's office.
    # Issue 19.9: the mayor's office has a role of its own and gets the mayor's reminders.
    second_mayor = UserFactory(
        username="mayor_office", municipality=world.municipality, roles=[Role.MAYOR_OFFICE]
    )
    project = submitted(world, D(2025, 10, 29))
    scan(D(2025, 11, 14))
    by_person = {m.to[0]: m for m in mailoutbox}
    assert set(by_person) == {
        world.coordinator.email,
        world.authority.email,
        world.mayor.email,
        second_mayor.email,
    }
    assert "просрочено на 1 рабочий день" in by_person[world.coordinator.email].body
    escalation = by_person[world.mayor.email]
    assert escalation.subject.startswith("Нарушен срок (просрочено на 1 рабочий день)")
    assert "Срок нарушил координатор направления — Соколова" in escalation.body
    assert world.foreign_mayor.email not in by_person  # another municipality
    assert Notification.objects.filter(project=project, kind=Kind.ESCALATION).count() == 3


def test_overdue_step_of_the_team_escalates_to_the_coordinator(world, mailoutbox):
    # Положение п.16.1: the current map within 25 working days of the signature.
    project = in_stage(world, "current_map", D(2025, 11, 14))
    due = project.deadlines.get(stage="current_map").due_on
    assert due == D(2025, 12, 19)
    scan(D(2025, 12, 22))
    people = {m.to[0]: m for m in mailoutbox}
    assert set(people) == {world.lead.email, world.member.email, world.coordinator.email}
    assert (
        "Просрочено на 1 рабочий день: Разработка карты текущего состояния"
        in people[world.lead.email].subject
    )
    assert "Срок нарушили руководитель проекта Васильева" in people[world.coordinator.email].body
    # Not the department's other employee, not the observer, not the mayor.
    assert world.outsider.email not in people and world.mayor.email not in people


def test_overdue_repeats_every_n_working_days(world, mailoutbox, settings):
    settings.REMINDER_OVERDUE_REPEAT_DAYS = 5
    submitted(world, D(2025, 10, 29))  # due 13.11.2025
    sent_on = []
    day = D(2025, 11, 14)
    while day <= D(2025, 11, 28):
        before = len(mailoutbox)
        scan(day)
        if len(mailoutbox) > before:
            sent_on.append(day)
        day += dt.timedelta(days=1)
    # 1st overdue working day, then every 5 working days; nothing on the weekends.
    assert sent_on == [D(2025, 11, 14), D(2025, 11, 21), D(2025, 11, 28)]


def test_mayors_office_is_told_about_signing_when_it_has_a_date(world, mailoutbox):
    # Signing (п.15) has no statutory clock; a date set on it is reminded to the mayor's office.
    project = in_stage(world, "card_signing", D(2025, 11, 10))
    Deadline.objects.filter(project=project, stage="card_signing").update(due_on=D(2025, 11, 20))
    scan(D(2025, 11, 20))
    assert [m.to for m in mailoutbox] == [[world.mayor.email]]
    assert "Подписание карточки Мэром" in mailoutbox[0].body


def test_plan_review_goes_to_the_coordinator_of_the_direction(world, mailoutbox):
    # Положение п.19: 3 working days.
    project = in_stage(world, "current_map", D(2026, 2, 2))
    Project.objects.filter(pk=project.pk).update(status="plan_review")
    Deadline.objects.filter(project=project).update(done_on=D(2026, 3, 2))
    Deadline.objects.create(
        project=project,
        stage="plan_review",
        clause="Положение п.19",
        working_days=3,
        responsible="coordinator",
        started_on=D(2026, 3, 2),
        due_on=D(2026, 3, 5),
    )
    scan(D(2026, 3, 4))
    assert [m.to for m in mailoutbox] == [[world.coordinator.email]]
    assert "Согласование плана координатором" in mailoutbox[0].subject
    assert "Положение п.19" in mailoutbox[0].body


def test_no_coming_reminder_on_the_day_the_clock_starts(world, mailoutbox):
    # A 3-working-day clock starts with 3 days left: the event told them already that day.
    project = in_stage(world, "card_review", D(2026, 3, 2))
    Deadline.objects.filter(project=project).update(started_on=D(2026, 3, 4), due_on=D(2026, 3, 10))
    scan(D(2026, 3, 4))
    assert mailoutbox == []


def test_the_scan_twice_sends_nothing_twice(world, mailoutbox):
    submitted(world, D(2025, 10, 29))
    first = scan(D(2025, 11, 14))
    assert first.claimed == 2 and first.repeated == 0  # overdue + escalation
    count = len(mailoutbox)
    second = scan(D(2025, 11, 14))
    assert second.claimed == 0 and second.repeated == 2
    assert len(mailoutbox) == count
    assert Reminder.objects.count() == 2
    assert Notification.objects.count() == count
    assert OutgoingMail.objects.count() == count


def test_closed_done_and_suspended_deadlines_are_not_reminded(world, mailoutbox):
    done = submitted(world, D(2025, 10, 29), title="Исполненный срок")
    Deadline.objects.filter(project=done).update(done_on=D(2025, 11, 5))
    suspended = submitted(world, D(2025, 10, 29), title="Приостановленный")
    Project.objects.filter(pk=suspended.pk).update(status="suspended")
    scan(D(2025, 11, 13))
    assert mailoutbox == []


def test_no_scan_on_a_day_off(world, mailoutbox):
    submitted(world, D(2025, 10, 29))
    result = scan(D(2025, 11, 4))  # a holiday (transferred from Sunday 2.11 by decree No. 1335)
    assert result.working_day is False
    assert mailoutbox == [] and Reminder.objects.count() == 0


def test_person_without_email_sees_it_in_the_app_and_the_rest_still_get_mail(world, mailoutbox, caplog):
    world.member.email = ""
    world.member.save()
    in_stage(world, "current_map", D(2025, 11, 14))
    scan(D(2025, 12, 18))  # 1 working day before 19.12.2025
    assert [m.to for m in mailoutbox] == [[world.lead.email]]
    note = Notification.objects.get(recipient=world.member)
    assert note.delivery == Delivery.NONE and note.mail is None
    assert "has no e-mail address" in caplog.text


def test_project_deleted_mid_scan_is_logged_and_skipped(world, mailoutbox, caplog):
    doomed = submitted(world, D(2025, 10, 29), title="Будет удалён")
    kept = submitted(world, D(2025, 10, 29), title="Останется")
    real = sources.registered()

    def deleting_source(day):
        for item in real[0](day):
            if item.project_id == doomed.pk and Project.objects.filter(pk=doomed.pk).exists():
                Project.objects.filter(pk=doomed.pk).delete()  # between reading and claiming
            yield item

    sources.unregister(real[0])
    sources.register(deleting_source)
    try:
        result = scan(D(2025, 11, 10))
    finally:
        sources.unregister(deleting_source)
        sources.register(real[0])
    assert result.skipped_projects == 1
    assert "no longer exists" in caplog.text
    assert len(mailoutbox) == 1 and kept.title in mailoutbox[0].body


def test_a_broken_source_does_not_stop_the_others(world, mailoutbox, caplog):
    submitted(world, D(2025, 10, 29))

    @sources.register
    def broken(day):
        raise RuntimeError("boom")
        yield  # pragma: no cover

    try:
        result = scan(D(2025, 11, 10))
    finally:
        sources.unregister(broken)
    assert len(mailoutbox) == 1
    assert result.failed_sources and "broken" in result.failed_sources[0]
    assert "boom" in caplog.text


def test_another_source_plugs_into_the_same_scan(world, mailoutbox):
    """The registry the action plan and the team-meeting gap (п.21) use: items with named people
    and an audience, sent once like the deadlines."""
    project = in_stage(world, "current_map", D(2025, 11, 14))

    def meeting_gap(day):
        yield sources.Item(
            source="meeting_gap",
            object_key=str(project.pk),
            kind=Kind.OVERDUE,
            project_id=project.pk,
            what="Заседание команды не проводилось более 14 дней",
            clause="Положение п.21",
            audience=frozenset({"lead"}),
            user_ids=(world.member.pk,),
        )

    sources.register(meeting_gap)
    try:
        scan(D(2025, 11, 27))
        scan(D(2025, 11, 27))
    finally:
        sources.unregister(meeting_gap)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.lead.email, world.member.email])
    assert "Положение п.21" in mailoutbox[0].body


def test_daily_digest_instead_of_single_mails(world, mailoutbox):
    world.coordinator.email_digest = True
    world.coordinator.save()
    submitted(world, D(2025, 10, 29), title="Первый проект")
    submitted(world, D(2025, 10, 30), title="Второй проект")  # due 14.11.2025
    submitted(world, D(2025, 10, 31), title="Третий проект")  # due 17.11.2025

    result = scan(D(2025, 11, 12))  # 1 day left for the first, 2 for the second, 3 for the third
    assert result.digests == 1
    (digest,) = mailoutbox
    assert digest.to == [world.coordinator.email]
    assert digest.subject == "Сводка напоминаний на 12.11.2025: 2 уведомления"
    assert "Первый проект" in digest.body and "Третий проект" in digest.body
    assert "Второй проект" not in digest.body
    assert digest.body.index("остался 1 рабочий день") < digest.body.index("осталось 3 рабочих дня")
    assert Notification.objects.filter(recipient=world.coordinator).count() == 2

    scan(D(2025, 11, 12))  # once a day
    assert len(mailoutbox) == 1


def test_scan_queries_do_not_grow_with_deadlines(world):
    def seed(n, on):
        for i in range(n):
            submitted(world, on, title=f"Проект {on} {i}")

    seed(2, D(2025, 10, 29))
    with CaptureQueriesContext(connection) as small:
        scan(D(2025, 11, 14), deliver=False)
    seed(9, D(2025, 10, 30))  # due 14.11.2025, the same batch
    with CaptureQueriesContext(connection) as large:
        scan(D(2025, 11, 17), deliver=False)
    assert Reminder.objects.filter(day=D(2025, 11, 17)).count() == 9 * 2
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # 2026: 1–11 January off (decree No. 1466); 31.12.2025 off (moved from 05.01.2025)
        (D(2025, 12, 29), "Осталось 3 рабочих дня"),
        (D(2026, 1, 12), "Остался 1 рабочий день"),
        (D(2026, 1, 13), "Срок сегодня"),
        (D(2026, 1, 14), "Просрочено на 1 рабочий день"),
    ],
)
def test_new_year_holidays(world, mailoutbox, day, expected):
    project = submitted(world, D(2025, 12, 1))
    Deadline.objects.filter(project=project).update(due_on=D(2026, 1, 13))
    for previous in (D(2025, 12, 30), D(2026, 1, 5)):
        scan(previous)  # 2 working days left / a day off: nothing
    assert mailoutbox == []
    scan(day)
    assert mailoutbox and mailoutbox[0].subject.startswith(expected)
