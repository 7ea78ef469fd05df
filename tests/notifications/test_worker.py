"""The reminders through a real Celery worker on the real Redis (DESIGN §8): beat's task, the
delivery it queues, the mails in the outbox; two beats at once send nothing twice."""

import datetime as dt
import time
from collections import Counter

import pytest
from celery.contrib.testing.worker import start_worker

from leanproj.celery import app
from notifications import services, tasks
from notifications.models import OutgoingMail
from projects import services as project_services
from tests.factories import World, assess_card
from workdays import clock

from .conftest import submitted

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

D = dt.date


def _wait_until(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_tasks_are_acknowledged_late():
    assert tasks.scan_reminders.acks_late and tasks.deliver_mail.acks_late
    assert tasks.scan_reminders.reject_on_worker_lost


def test_worker_sends_the_reminders_once(shipped_calendar, mailoutbox):
    assert app.conf.task_always_eager is False
    world = World()
    project = submitted(world, D(2025, 10, 29))  # due 13.11.2025 (Положение п.14)
    services.mail_deliver_pending()  # the coordinator was told of the submission already
    mailoutbox.clear()
    app.control.purge()  # nothing left over from other runs on this Redis database
    # Four worker threads: the two scans below run side by side, as two workers would.
    with start_worker(app, pool="threads", concurrency=4, perform_ping_check=False, loglevel="WARNING"):
        # Two beats at once (or a beat and a retry) for the first overdue day.
        results = [tasks.scan_reminders.delay("2025-11-14") for _ in range(2)]
        outcomes = [r.get(timeout=60) for r in results]
        assert sorted(o["claimed"] for o in outcomes) == [0, 2]
        assert _wait_until(lambda: not OutgoingMail.objects.exclude(state="sent").exists())
        assert _wait_until(lambda: len(mailoutbox) == 3)
        time.sleep(0.5)  # a late duplicate would show up here

        # The same reminders again the next day are not due (overdue by 2: not a reminder day).
        assert tasks.scan_reminders.delay("2025-11-17").get(timeout=60)["claimed"] == 0

        # An event: the coordinator approves the card, the worker mails the mayor's office (п.15).
        with clock.frozen_today(D(2025, 11, 17)):
            assess_card(project)
            project_services.card_approve(project=project, by=world.coordinator)
        assert _wait_until(lambda: len(mailoutbox) == 4)
        assert _wait_until(lambda: not OutgoingMail.objects.exclude(state="sent").exists())

    assert Counter(m.to[0] for m in mailoutbox) == {
        world.coordinator.email: 1,
        world.authority.email: 1,
        world.mayor.email: 2,  # the escalation and the card awaiting signing
    }
    assert any(m.subject.startswith("Карточка согласована координатором") for m in mailoutbox)
    coordinator_mail = next(m for m in mailoutbox if m.to == [world.coordinator.email])
    assert "просрочено на 1 рабочий день" in coordinator_mail.body
    assert project.get_absolute_url() in coordinator_mail.body
