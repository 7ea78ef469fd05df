"""E-mails about project events that are not deadline reminders (those live in `notifications`).

Meeting invitations go through the reminders' outbox (`notifications.models.OutgoingMail`): they
are written in the transaction that records the invitation, sent right away, and an e-mail the
server did not take stays in the outbox — listed in «Недоставленные письма» and retried with
back-off by the Celery beat task `deliver_mail` or by `send_reminders --mail-only` (issue 18,
hole 7: a failed invitation used to be logged while the page said «отправлены»)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from leanproj.site import site_url
from notifications.choices import MailState
from notifications.emails import subject_line

logger = logging.getLogger(__name__)


@dataclass
class Invitations:
    """The invitations of one sending: the outbox rows and the participants without an address;
    after `deliver_invitations`, how many the server took, refused or left for a retry."""

    mail_ids: list[int] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)
    sent: int = 0
    waiting: int = 0  # not taken yet: retried automatically
    refused: list[str] = field(default_factory=list)  # addresses the server refused for good

    @property
    def total(self) -> int:
        return len(self.mail_ids)


def invitation_subject(meeting) -> str:
    """«Приглашение: Заседание команды проекта 07.12.2026 03:30 — <title>», in the municipality's
    time zone and on one line whatever the title holds."""
    return subject_line(
        _("Приглашение: %(kind)s %(date)s — %(project)s")
        % {
            "kind": meeting.get_kind_display(),
            "date": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M"),
            "project": meeting.project.title,
        }
    )


def _key_prefix(meeting) -> str:
    return f"invite:{meeting.pk}:"


def _unsent(meeting):
    from notifications.models import OutgoingMail

    return OutgoingMail.objects.filter(key__startswith=_key_prefix(meeting)).exclude(state=MailState.SENT)


def undelivered_invitations(meeting) -> list:
    """The invitations of the meeting the mail server has not taken yet, for its organisers."""
    return list(_unsent(meeting).select_related("recipient").order_by("recipient__last_name", "id"))


def queue_meeting_invitations(meeting) -> Invitations:
    """Writes one outbox e-mail per invited participant with the place, date, time and agenda of
    the meeting (МР п.4.9г). Runs inside the caller's transaction; nothing is sent here."""
    from notifications.models import OutgoingMail

    result = Invitations()
    # a new sending replaces what the previous one has not delivered yet, so nobody gets the old
    # text as well when the server is back
    _unsent(meeting).delete()
    now = timezone.now()
    sending = uuid.uuid4().hex[:12]  # a meeting may be announced again: each sending is new mail
    subject = invitation_subject(meeting)
    url = site_url() + meeting.get_absolute_url()
    rows = []
    for participant in meeting.participants.select_related("user").order_by("id"):
        user = participant.user
        address = (user.email or "").strip()
        if not address:
            logger.warning(
                "meeting %s: %s has no e-mail address, invitation skipped", meeting.pk, user.username
            )
            result.no_address.append(user.surname_initials)
            continue
        body = render_to_string(
            "projects/email/meeting_invitation.txt", {"meeting": meeting, "user": user, "url": url}
        )
        rows.append(
            OutgoingMail(
                key=f"{_key_prefix(meeting)}{user.pk}:{sending}",
                recipient=user,
                to=address,
                subject=subject,
                body=body,
                created_at=now,
                next_attempt_at=now,
            )
        )
    OutgoingMail.objects.bulk_create(rows)
    result.mail_ids = [row.pk for row in rows]
    return result


def deliver_invitations(invitations: Invitations) -> Invitations:
    """Sends the queued invitations now (after the transaction that queued them) and reads what
    became of each, for the message to the organiser."""
    from notifications.models import OutgoingMail
    from notifications.services import mail_deliver_pending

    if invitations.mail_ids:
        mail_deliver_pending(only=invitations.mail_ids)
    invitations.sent = invitations.waiting = 0
    invitations.refused = []
    for mail in (
        OutgoingMail.objects.filter(pk__in=invitations.mail_ids).select_related("recipient").order_by("id")
    ):
        if mail.state == MailState.SENT:
            invitations.sent += 1
        elif mail.state == MailState.FAILED:
            invitations.refused.append(f"{mail.recipient.surname_initials} <{mail.to}>")
        else:
            invitations.waiting += 1
    return invitations


def deliver_in_background(mail_ids: list[int]) -> None:
    """After the commit: the Celery task sends them (in-process without Redis). When the broker
    is down, the beat's next delivery or `send_reminders --mail-only` sends them."""
    from notifications.tasks import deliver_mail

    if not mail_ids:
        return
    try:
        deliver_mail.delay(mail_ids=mail_ids)
    except Exception:
        logger.exception("invitations %s: the task queue is unavailable; left in the outbox", mail_ids)
