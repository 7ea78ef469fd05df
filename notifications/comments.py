"""Comments of a project's thread reach the people they are for at once, in the app and by e-mail
(Положение п.6.1, 6.3; issue 19.9): the authorised body's methodological comment or consultation → the
project lead; a reply → the author of the comment replied to and the lead (for a note to the mayor:
the mayor and his office instead); a note of the mayor's office → the mayor and his office."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from projects.choices import CommentKind
from workdays import clock

from .choices import Audience, Kind
from .services import ScanResult, process_items
from .sources import Item

SOURCE = "comment"
EXCERPT = 600

CLAUSES = {
    CommentKind.METHODOLOGICAL: "Положение п.6.1",
    CommentKind.CONSULTATION: "Положение п.6.3",
    CommentKind.MAYOR_NOTE: "Положение п.4",
}


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def comment_notify(*, comment) -> ScanResult:
    """Once per comment (its id is the reminder's key): a retried signal sends nothing twice."""
    root = comment.parent or comment
    author = comment.author
    user_ids: tuple[int, ...] = ()
    if root.kind == CommentKind.MAYOR_NOTE:
        audience = frozenset({Audience.MAYOR})
    else:
        audience = frozenset({Audience.LEAD})
    if comment.kind == CommentKind.REPLY:
        user_ids = (root.author_id,)
        title = _("Ответ на комментарий (%(kind)s)") % {"kind": root.get_kind_display().lower()}
    elif comment.kind == CommentKind.MAYOR_NOTE:
        title = _("Справка для Мэра от аппарата Мэра")
    else:
        title = _("%(kind)s Уполномоченного органа") % {"kind": comment.get_kind_display()}
    lines = [_("Кто: %(who)s") % {"who": author.surname_initials}]
    if author.position:
        lines[0] += f", {author.position}"
    if comment.artefact != "project":
        lines.append(_("К чему: %(what)s") % {"what": comment.get_artefact_display()})
    if comment.kind == CommentKind.CONSULTATION:
        lines.append(
            _("Консультация %(day)s, %(format)s; участники: %(who)s")
            % {
                "day": comment.consulted_on.strftime("%d.%m.%Y"),
                "format": comment.get_consultation_format_display(),
                "who": comment.participants,
            }
        )
        lines.append(_("Итог: %(outcome)s") % {"outcome": _excerpt(comment.outcome)})
    lines.append(_("Текст: %(text)s") % {"text": _excerpt(comment.text)})
    item = Item(
        source=SOURCE,
        object_key=str(comment.pk),
        kind=Kind.EVENT,
        project_id=comment.project_id,
        title=title,
        what=comment.get_artefact_display(),
        clause=CLAUSES.get(root.kind, ""),
        url=reverse("projects:comments", args=[comment.project_id]) + f"#comment-{root.pk}",
        audience=audience,
        user_ids=user_ids,
        exclude_user_ids=(author.pk,),
        note="\n".join(lines),
    )
    return process_items([item], day=clock.today())
