"""The people who must act next are told when a transition is committed: in the app always, by
e-mail too (Положение п.13–15, 19–20; issue 9, item 6)."""

import datetime as dt

import pytest

from notifications import services
from notifications.choices import Delivery, Kind
from notifications.models import Notification
from projects import services as project_services
from tests.factories import assess_card, make_project
from workdays import clock

from .conftest import mails_to, scan, submitted

D = dt.date


def _act(capture, fn, **kwargs):
    with capture(execute=True):
        fn(**kwargs)
    services.mail_deliver_pending()  # a no-op when the tasks ran in-process already


def test_coordinator_is_told_when_a_card_is_submitted(world, mailoutbox, django_capture_on_commit_callbacks):
    project = make_project(world)
    with clock.frozen_today(D(2025, 10, 29)):
        _act(django_capture_on_commit_callbacks, project_services.card_submit, project=project, by=world.lead)
    (mail,) = mailoutbox
    assert mail.to == [world.coordinator.email]
    assert mail.subject == f"Карточка направлена координатору — проект {project.number}"
    assert "Что сделать: Рассмотрение карточки координатором" in mail.body
    assert "13.11.2025 — осталось 10 рабочих дней" in mail.body
    assert "Основание: Положение п.14" in mail.body
    assert "Кто: Васильева И.И." in mail.body
    assert f"/projects/{project.pk}/" in mail.body
    note = Notification.objects.get(recipient=world.coordinator)
    assert note.kind == Kind.EVENT and note.read_at is None
    assert not Notification.objects.filter(recipient=world.lead).exists()  # not the one who acted


def test_lead_and_team_get_the_comment_when_the_card_is_returned(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    project = make_project(world)
    project_services.card_submit(project=project, by=world.lead)
    assess_card(project)
    _act(
        django_capture_on_commit_callbacks,
        project_services.card_return,
        project=project,
        by=world.coordinator,
        comment="Уточните целевые показатели",
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.lead.email, world.member.email])
    assert "Комментарий: Уточните целевые показатели" in mails_to(mailoutbox, world.lead)[0].body
    assert mails_to(mailoutbox, world.lead)[0].subject.startswith("Карточка возвращена на доработку")


def test_mayors_office_is_told_when_a_card_awaits_signing(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    project = make_project(world)
    project_services.card_submit(project=project, by=world.lead)
    assess_card(project)
    _act(
        django_capture_on_commit_callbacks,
        project_services.card_approve,
        project=project,
        by=world.coordinator,
    )
    assert [m.to for m in mailoutbox] == [[world.mayor.email]]
    assert "Что сделать: Подписание карточки Мэром" in mailoutbox[0].body
    assert "Положение п.15" in mailoutbox[0].body
    # Then the signature opens the project: the lead and the team start the current map (п.16.1).
    mailoutbox.clear()
    with clock.frozen_today(D(2025, 11, 14)):
        _act(django_capture_on_commit_callbacks, project_services.card_sign, project=project, by=world.mayor)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.lead.email, world.member.email])
    assert "19.12.2025 — осталось 25 рабочих дней" in mailoutbox[0].body


def test_digest_person_gets_events_in_the_next_digest(world, mailoutbox, django_capture_on_commit_callbacks):
    world.coordinator.email_digest = True
    world.coordinator.save()
    project = make_project(world)
    with clock.frozen_today(D(2025, 10, 29)):
        _act(django_capture_on_commit_callbacks, project_services.card_submit, project=project, by=world.lead)
    assert mailoutbox == []
    note = Notification.objects.get(recipient=world.coordinator)
    assert note.delivery == Delivery.DIGEST and note.mail is None
    scan(D(2025, 10, 30))
    (digest,) = mailoutbox
    assert digest.subject == "Сводка напоминаний на 30.10.2025: 1 уведомление"
    assert "Карточка направлена координатору" in digest.body


def test_each_event_is_told_once(world, django_capture_on_commit_callbacks):
    project = make_project(world)
    project_services.card_submit(project=project, by=world.lead)
    entry = project.journal.get(action="submit_card")
    services.transition_notify(project=project, entry=entry, by=world.lead)
    again = services.transition_notify(project=project, entry=entry, by=world.lead)
    assert again.repeated == 1 and again.notifications == 0
    assert Notification.objects.filter(recipient=world.coordinator).count() == 1


def test_a_failure_here_does_not_undo_the_act(world, monkeypatch, caplog, django_capture_on_commit_callbacks):
    def broken(**kwargs):
        raise RuntimeError("notifications down")

    monkeypatch.setattr(services, "transition_notify", broken)
    project = make_project(world)
    with django_capture_on_commit_callbacks(execute=True):
        project_services.card_submit(project=project, by=world.lead)
    project.refresh_from_db()
    assert project.status == "card_review"
    assert "notifications down" in caplog.text


@pytest.fixture
def tasks_in_process():
    from leanproj.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def test_an_event_sends_only_its_own_mail_in_the_request(
    world, mailoutbox, tasks_in_process, django_capture_on_commit_callbacks
):
    """Without Redis the delivery runs inside the request: it must not drag the morning's backlog
    (or a dead mail server's retries) into a user's click."""
    submitted(world, D(2025, 10, 29), title="Старый проект")
    scan(D(2025, 11, 10), deliver=False)  # the morning's reminder, not sent yet
    project = make_project(world, title="Новый проект")
    with clock.frozen_today(D(2025, 11, 10)), django_capture_on_commit_callbacks(execute=True):
        project_services.card_submit(project=project, by=world.lead)
    assert [m.subject for m in mailoutbox] == [f"Карточка направлена координатору — проект {project.number}"]
    assert Notification.objects.filter(mail__state="pending").count() == 1
