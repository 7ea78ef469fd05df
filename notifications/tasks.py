"""Celery tasks of the reminders (DESIGN §5, §8): one periodic scan, not one task per deadline.

Both tasks are idempotent (the scan claims each reminder once, delivery leases each e-mail) and
acknowledged late, so a worker killed in the middle gives the task to another worker, which
finishes what is left. Without Redis they run in-process (CELERY_TASK_ALWAYS_EAGER)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import DatabaseError

from . import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=60,
    retry_backoff_max=1800,
    max_retries=5,
)
def scan_reminders(day: str | None = None) -> dict:
    """The daily scan at REMINDER_SCAN_HOUR:REMINDER_SCAN_MINUTE (settings), then delivery."""
    result = services.reminders_scan(day=dt.date.fromisoformat(day) if day else None)
    deliver_mail.delay()
    return result.as_dict()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_mail(mail_ids: list[int] | None = None) -> dict:
    """Sends the outbox (or the e-mails of one event); also run every few minutes by beat, which is
    how postponed e-mails are retried with back-off (no long countdowns: Redis re-delivers those
    after its visibility timeout)."""
    return services.mail_deliver_pending(only=mail_ids).as_dict()
