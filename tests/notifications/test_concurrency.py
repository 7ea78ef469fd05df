"""Several scans and deliveries at once on PostgreSQL send each reminder exactly once (issue 9,
item 4): the claim is a unique row inserted with ON CONFLICT DO NOTHING, the delivery a lease."""

import datetime as dt
import threading
from collections import Counter

import pytest
from django.db import connection

from notifications import services
from notifications.models import Notification, OutgoingMail, Reminder
from tests.factories import World
from workdays import clock

from .conftest import submitted

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

D = dt.date


def _race(n, fn):
    barrier = threading.Barrier(n)
    errors = []

    def worker():
        try:
            barrier.wait()
            fn()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_four_workers_scanning_and_delivering_at_once_send_each_reminder_once(
    shipped_calendar, mailoutbox, monkeypatch
):
    monkeypatch.setattr(services, "BATCH_SIZE", 7)  # many small batches, so that workers interleave
    monkeypatch.setattr(services, "MAIL_BATCH", 5)
    world = World()
    world.mayor.email_digest = True  # and one digest, built once
    world.mayor.save()
    for i in range(20):
        submitted(world, D(2025, 10, 29), title=f"Проект {i}")
    services.mail_deliver_pending()  # the coordinator was told of each submission already
    mailoutbox.clear()
    day = D(2025, 11, 14)

    def scan_and_deliver():
        services.reminders_scan(day=day)
        services.mail_deliver_pending()

    with clock.frozen_today(day):
        _race(4, scan_and_deliver)

    deadline_reminders = Reminder.objects.filter(source="deadline")
    assert deadline_reminders.count() == 20 * 2  # overdue + escalation per deadline
    # the coordinator (overdue), the authorised body and the mayor (escalation)
    assert Notification.objects.filter(reminder__in=deadline_reminders).count() == 20 * 3
    keys = Counter(m.extra_headers["X-Leanproj-Mail"] for m in mailoutbox)
    assert all(count == 1 for count in keys.values())
    assert Counter(m.to[0] for m in mailoutbox) == {
        world.coordinator.email: 20,
        world.authority.email: 20,
        world.mayor.email: 1,  # the digest
    }
    assert not OutgoingMail.objects.exclude(state="sent").exists()


def test_project_deleted_while_its_batch_is_being_written(shipped_calendar, mailoutbox, monkeypatch, caplog):
    """Another connection deletes a project after the batch has read it: the commit fails on the
    foreign key, the batch is read again without it, and the other reminders are still sent."""
    from notifications import recipients
    from projects.models import Project

    world = World()
    doomed = submitted(world, D(2025, 10, 29), title="Будет удалён")
    kept = submitted(world, D(2025, 10, 29), title="Останется")
    services.mail_deliver_pending()
    mailoutbox.clear()
    real = recipients.load_people
    state = {"deleted": False}

    def delete_elsewhere():
        try:
            Project.objects.filter(pk=doomed.pk).delete()
        finally:
            connection.close()

    def load_people_then_delete(items, projects):
        if not state["deleted"]:
            state["deleted"] = True
            thread = threading.Thread(target=delete_elsewhere)
            thread.start()
            thread.join()
        return real(items, projects)

    monkeypatch.setattr(recipients, "load_people", load_people_then_delete)
    with clock.frozen_today(D(2025, 11, 10)):
        result = services.reminders_scan(day=D(2025, 11, 10))
        services.mail_deliver_pending()
    assert state["deleted"] and not Project.objects.filter(pk=doomed.pk).exists()
    assert "disappeared during the batch" in caplog.text
    assert result.skipped_projects == 1
    assert [m.to for m in mailoutbox] == [[world.coordinator.email]]
    assert kept.title in mailoutbox[0].body
