"""E-mails about project events that are not deadline reminders (those live in `notifications`)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def send_meeting_invitations(meeting_id: int) -> int:
    """Invitations with the place, date, time and agenda of the meeting (МР п.4.9г)."""
    from .models import Meeting

    meeting = Meeting.objects.select_related("project").get(pk=meeting_id)
    sent = 0
    for participant in meeting.participants.select_related("user"):
        user = participant.user
        if not user.email:
            logger.warning(
                "meeting %s: %s has no e-mail address, invitation skipped", meeting.pk, user.username
            )
            continue
        body = render_to_string(
            "projects/email/meeting_invitation.txt",
            {"meeting": meeting, "user": user, "url": settings.SITE_URL + meeting.get_absolute_url()},
        )
        subject = _("Приглашение: %(kind)s %(date)s — %(project)s") % {
            "kind": meeting.get_kind_display(),
            "date": meeting.starts_at.strftime("%d.%m.%Y %H:%M"),
            "project": meeting.project.title,
        }
        try:
            send_mail(subject, body, None, [user.email])
            sent += 1
        except Exception:  # one refused address must not stop the others
            logger.exception("meeting %s: invitation to %s failed", meeting.pk, user.email)
    return sent
