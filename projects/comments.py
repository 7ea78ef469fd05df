"""The comment thread of a project (Положение п.4, 6.1, 6.3; issue 19.9): who may write what, the
service that records a comment, the reads and the project page's panel.

- the authorised body of the project's municipality gives methodological comments and records its
  consultations (date, format, participants, outcome) on any project at any stage (п.6.1, 6.3);
  each reaches the lead at once, in the app and by e-mail (`signals.comment_posted`, handled by
  `notifications`);
- everybody who sees the project reads the thread and may reply to a comment;
- the mayor's office prepares notes for the mayor (п.4): only the mayor and his office see them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from org.choices import Role
from org.models import User
from workdays import clock

from . import panels
from . import permissions as perms
from .choices import CommentArtefact, CommentKind
from .exceptions import ActionRefused
from .models import Project, ProjectComment
from .signals import comment_posted

# --- Who may do what -----------------------------------------------------------------------------


def _of_municipality(project: Project, user: User) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.municipality_id is not None
        and user.municipality_id == project.municipality_id
    )


def sees_mayor_notes(project: Project, user: User) -> bool:
    """The mayor's notes are prepared for the mayor: he and his office see them (п.4)."""
    return _of_municipality(project, user) and user.has_role(Role.MAYOR, Role.MAYOR_OFFICE)


def kinds_for(project: Project, user: User) -> list[str]:
    """The kinds of comment this user may open a thread with on this project."""
    if not _of_municipality(project, user) or not perms.can_view(project, user):
        return []
    kinds = []
    if perms.is_authority_of(project, user):  # п.6.1, 6.3: the authorised body of the municipality
        kinds += [CommentKind.METHODOLOGICAL, CommentKind.CONSULTATION]
    if user.has_role(Role.MAYOR_OFFICE):  # issue 19.9: the office prepares, the mayor decides
        kinds.append(CommentKind.MAYOR_NOTE)
    return kinds


def can_reply(comment: ProjectComment, user: User) -> bool:
    """Everybody of the municipality who sees the project — and the comment — may reply."""
    project = comment.project
    if not _of_municipality(project, user) or not perms.can_view(project, user):
        return False
    return comment.kind != CommentKind.MAYOR_NOTE or sees_mayor_notes(project, user)


# --- Reads ---------------------------------------------------------------------------------------


def thread(*, project: Project, user: User) -> QuerySet[ProjectComment]:
    """The opening comments of the project's thread this user may see, oldest first, with their
    replies and authors."""
    qs = ProjectComment.objects.filter(project=project, parent__isnull=True)
    if not sees_mayor_notes(project, user):
        qs = qs.exclude(kind=CommentKind.MAYOR_NOTE)
    return qs.select_related("author").prefetch_related(
        Prefetch(
            "replies", queryset=ProjectComment.objects.select_related("author").order_by("created_at", "id")
        )
    )


# --- Writes --------------------------------------------------------------------------------------


def _notify(comment: ProjectComment) -> None:
    comment_posted.send(sender=ProjectComment, comment=comment)


@transaction.atomic
def comment_post(
    *,
    project: Project,
    by: User,
    kind: str,
    text: str,
    artefact: str = CommentArtefact.PROJECT,
    parent: ProjectComment | None = None,
    consulted_on: dt.date | None = None,
    consultation_format: str = "",
    participants: str = "",
    outcome: str = "",
) -> ProjectComment:
    """Records a comment of the project's thread (п.6.1, 6.3) and, once committed, tells the people
    it is for: the lead (a methodological comment, a consultation, a reply), the author of the
    comment replied to, the mayor (a note of his office)."""
    if kind == CommentKind.REPLY:
        if parent is None or parent.project_id != project.pk:
            raise ActionRefused(_("Ответ относится к комментарию этого проекта."))
        if not can_reply(parent, by):
            raise ActionRefused(_("Отвечать на этот комментарий вы не можете."))
        artefact = parent.artefact
    elif kind not in kinds_for(project, by):
        if kind in (CommentKind.METHODOLOGICAL, CommentKind.CONSULTATION):
            raise ActionRefused(
                _(
                    "Методические комментарии и консультации записывает Уполномоченный орган "
                    "муниципального образования проекта (Положение п.6)."
                )
            )
        if kind == CommentKind.MAYOR_NOTE:
            raise ActionRefused(_("Справку для Мэра готовит аппарат Мэра."))
        raise ActionRefused(_("Такой комментарий вы записать не можете."))
    consultation = kind == CommentKind.CONSULTATION
    comment = ProjectComment(
        project=project,
        kind=kind,
        artefact=artefact or CommentArtefact.PROJECT,
        parent=parent if kind == CommentKind.REPLY else None,
        text=(text or "").strip(),
        consulted_on=consulted_on if consultation else None,
        consultation_format=consultation_format if consultation else "",
        participants=(participants or "").strip() if consultation else "",
        outcome=(outcome or "").strip() if consultation else "",
        author=by,
        created_at=clock.now(),
    )
    try:
        comment.full_clean()
    except ValidationError as exc:
        raise ActionRefused(
            _("Комментарий не записан."), details=[m for msgs in exc.message_dict.values() for m in msgs]
        ) from exc
    comment.save()
    transaction.on_commit(lambda: _notify(comment))
    return comment


# --- The project page ----------------------------------------------------------------------------


def comments_panel(project: Project, user: User) -> list[dict]:
    comments = list(thread(project=project, user=user))
    return [
        {
            "template": "projects/partials/comments_panel.html",
            "data": {
                "comments": comments[-5:],
                "total": len(comments),
                "can_write": bool(kinds_for(project, user)),
            },
        }
    ]


panels.register(comments_panel)
