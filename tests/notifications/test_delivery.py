"""Delivery of reminder e-mails through a real SMTP server on this machine: a server that is down,
an address it refuses, a worker that died holding a lease, a batch that failed half-way
(issue 9, items 4 and «Bad input»)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import emails, services
from notifications.choices import MailState
from notifications.models import Notification, OutgoingMail, Reminder

from .conftest import scan, submitted
from .smtp import SMTPServer, free_port, use_smtp

D = dt.date


def test_smtp_failure_then_recovery_delivers_once(world, settings, caplog):
    port = free_port()
    use_smtp(settings, port)
    submitted(world, D(2025, 10, 29))

    # The server is down at 7:30: nothing is lost, the e-mails wait with back-off.
    result = scan(D(2025, 11, 14), deliver=False)
    start = timezone.now()
    assert result.mails == 3  # the coordinator; the authorised body and the mayor (escalation)
    delivery = services.mail_deliver_pending(now=start)
    assert delivery.postponed == 3 and delivery.sent == 0
    pending = list(OutgoingMail.objects.all())
    assert {m.state for m in pending} == {MailState.PENDING}
    assert all(m.attempts == 1 and "Connection refused" in m.last_error for m in pending)
    assert all(m.next_attempt_at == start + dt.timedelta(minutes=5) for m in pending)
    assert "postponed" in caplog.text

    with SMTPServer(port) as server:
        # Back-off: not retried before its time.
        assert services.mail_deliver_pending(now=start + dt.timedelta(minutes=2)).sent == 0
        assert server.received == []
        delivered = services.mail_deliver_pending(now=start + dt.timedelta(minutes=6))
        assert delivered.sent == 3
        assert sorted(server.recipients()) == sorted(
            [world.coordinator.email, world.authority.email, world.mayor.email]
        )
        # And never again.
        assert services.mail_deliver_pending(now=start + dt.timedelta(hours=1)).total == 0
        assert len(server.received) == 3
    sent = OutgoingMail.objects.get(to=world.coordinator.email)
    assert sent.state == MailState.SENT and sent.attempts == 2 and sent.last_error == ""
    _tos, message = server.received[[t[0] for t in server.received].index([world.coordinator.email])]
    assert str(message["Subject"]).strip().startswith("Просрочено на 1 рабочий день: Рассмотрение карточки")
    assert "Положение п.14" in message.get_content()


def test_address_the_server_refuses_is_logged_and_the_rest_still_sent(world, settings, caplog):
    port = free_port()
    use_smtp(settings, port)
    world.member.email = "nobody@example.test"
    world.member.save()
    project = submitted(world, D(2025, 11, 14))
    from projects.models import Deadline, ProjectMember

    ProjectMember.objects.get_or_create(project=project, user=world.member)
    Deadline.objects.filter(project=project).update(responsible="lead")  # the lead and the team
    with SMTPServer(port, refuse={"nobody@example.test"}) as server:
        scan(D(2025, 11, 25))  # 3 working days before 28.11.2025
    assert server.recipients() == [world.lead.email]
    refused = OutgoingMail.objects.get(to="nobody@example.test")
    assert refused.state == MailState.FAILED and "550" in refused.last_error
    assert "refused the address" in caplog.text
    # It is still in the member's list in the app.
    assert Notification.objects.filter(recipient=world.member).exists()


def test_administrator_sees_undelivered_mail_and_sends_it_again(world, settings, admin_client):
    port = free_port()
    use_smtp(settings, port)
    world.coordinator.email = "old@example.test"
    world.coordinator.save()
    submitted(world, D(2025, 10, 29))
    with SMTPServer(port, refuse={"old@example.test"}):
        scan(D(2025, 11, 10))
    mail = OutgoingMail.objects.get()
    assert mail.state == MailState.FAILED

    page = admin_client.get(reverse("admin:notifications_undeliveredmail_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "old@example.test" in html and "адрес отклонён сервером" in html

    world.coordinator.email = "coord.new@example.test"
    world.coordinator.save()
    with SMTPServer(port) as server:
        admin_client.post(
            reverse("admin:notifications_undeliveredmail_changelist"),
            {"action": "retry_now", "_selected_action": [mail.pk]},
        )
        services.mail_deliver_pending()
    assert server.recipients() == ["coord.new@example.test"]
    mail.refresh_from_db()
    assert mail.state == MailState.SENT
    page = admin_client.get(reverse("admin:notifications_undeliveredmail_changelist"))
    assert "coord.new@example.test" not in page.content.decode()


def test_a_worker_killed_after_leasing_loses_nothing(world, mailoutbox):
    submitted(world, D(2025, 10, 29))
    scan(D(2025, 11, 10), deliver=False)
    now = timezone.now()
    # A worker leased the e-mail and died before sending it.
    OutgoingMail.objects.update(
        lease_until=now + services.LEASE, lease_token="6f1c4b4e-0000-4000-8000-000000000001"
    )
    assert services.mail_deliver_pending(now=now + dt.timedelta(minutes=1)).total == 0
    assert mailoutbox == []
    # When its lease runs out another delivery sends it, once.
    assert services.mail_deliver_pending(now=now + services.LEASE + dt.timedelta(seconds=1)).sent == 1
    assert services.mail_deliver_pending(now=now + dt.timedelta(hours=1)).total == 0
    assert len(mailoutbox) == 1


def test_a_batch_that_fails_half_way_is_not_claimed(world, mailoutbox, monkeypatch):
    """A worker dying in the middle of a batch: the claim and its e-mails are one transaction, so
    the next run sends them — nothing is lost, nothing doubled."""
    submitted(world, D(2025, 10, 29), title="Первый")
    submitted(world, D(2025, 10, 29), title="Второй")
    real = emails.title_for
    calls = {"n": 0}

    def dying(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # after the claim of the batch was inserted
            raise SystemError("worker lost")
        return real(**kwargs)

    monkeypatch.setattr(emails, "title_for", dying)
    result = scan(D(2025, 11, 10))
    assert result.failed_sources
    assert Reminder.objects.count() == 0 and OutgoingMail.objects.count() == 0 and mailoutbox == []

    monkeypatch.setattr(emails, "title_for", real)
    scan(D(2025, 11, 10))
    scan(D(2025, 11, 10))
    assert sorted(m.subject for m in mailoutbox) == sorted(
        f"Осталось 3 рабочих дня: Рассмотрение карточки координатором — проект {n}"
        for n in Reminder.objects.values_list("project__number", flat=True)
    )
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(
    ("attempts", "minutes"), [(1, 5), (2, 10), (3, 20), (6, 160), (7, 320), (8, 360), (30, 360)]
)
def test_backoff(attempts, minutes):
    assert services.backoff(attempts) == dt.timedelta(minutes=minutes)
