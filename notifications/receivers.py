"""Reactions to the project lifecycle: the people who must act next are told at once."""

from __future__ import annotations

import logging

from projects.signals import (
    comment_posted,
    deadline_recomputed,
    initiative_decided,
    initiative_submitted,
    project_transitioned,
)

from . import services

logger = logging.getLogger(__name__)


def connect() -> None:
    project_transitioned.connect(notify_on_transition, dispatch_uid="notifications.transition")
    deadline_recomputed.connect(notify_on_recompute, dispatch_uid="notifications.recompute")
    comment_posted.connect(notify_on_comment, dispatch_uid="notifications.comment")
    initiative_submitted.connect(notify_on_initiative, dispatch_uid="notifications.initiative_submitted")
    initiative_decided.connect(notify_on_initiative_decision, dispatch_uid="notifications.initiative_decided")


def notify_on_comment(sender, comment, **kwargs) -> None:
    # Положение п.6.1, 6.3: the comment is committed; a failure to tell must not become an error page.
    from .comments import comment_notify

    try:
        result = comment_notify(comment=comment)
    except Exception:
        logger.exception("notifications of comment %s (project %s) failed", comment.pk, comment.project_id)
        return
    _deliver(result)


def notify_on_initiative(sender, initiative, **kwargs) -> None:
    try:
        result = services.initiative_submitted_notify(initiative=initiative)
    except Exception:
        logger.exception("notifications of initiative %s failed", initiative.pk)
        return
    _deliver(result)


def notify_on_initiative_decision(sender, initiative, **kwargs) -> None:
    try:
        result = services.initiative_decided_notify(initiative=initiative)
    except Exception:
        logger.exception("notifications of the decision on initiative %s failed", initiative.pk)
        return
    _deliver(result)


def notify_on_recompute(sender, project, deadline, old_due, entry, **kwargs) -> None:
    try:
        result = services.deadline_recomputed_notify(
            project=project, deadline=deadline, old_due=old_due, entry=entry
        )
    except Exception:
        logger.exception("notifications of the recomputed deadline %s failed", deadline.pk)
        return
    _deliver(result)


def notify_on_transition(sender, project, act, entry, by, **kwargs) -> None:
    # The act is committed already: a failure here must not turn it into an error page.
    try:
        result = services.transition_notify(project=project, act=act, entry=entry, by=by)
    except Exception:
        logger.exception("notifications of journal entry %s (project %s) failed", entry.pk, project.pk)
        return
    _deliver(result)


def _deliver(result) -> None:
    if result.mails:
        from .tasks import deliver_mail

        try:
            # Only this event's e-mails: without Redis this runs inside the request.
            deliver_mail.delay(mail_ids=result.mail_ids)
        except Exception:  # the broker is down: the periodic delivery sends them later
            logger.exception("could not queue the delivery of %s e-mails", result.mails)
