"""The Russian texts of notifications and e-mails: what is due, by when, how many working days are
left or overdue, the clause, a link to the exact page (issue 9, item 3)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence

from django.template.loader import get_template
from django.utils.translation import gettext as _

from leanproj.text import days_left_text, plural

from .choices import Kind

SUBJECT_MAX = 200
# Direction marks and overrides: in a subject they only serve to disguise what it says.
_BIDI_CONTROLS = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def subject_line(text: object, *, limit: int = SUBJECT_MAX) -> str:
    """The subject of every e-mail (issue 18, hole 7): one line — CR, LF, tabs, other control
    characters and line or paragraph separators become spaces, runs of spaces one space,
    direction overrides are dropped — and at most `limit` characters. A line break in a project's
    title made the mail library refuse the message (a header injection guard), so the e-mail
    silently never left."""
    chars = []
    for ch in str(text):
        if ord(ch) in _BIDI_CONTROLS:
            continue
        chars.append(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch)
    line = " ".join("".join(chars).split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def title_for(*, kind: str, what: str, days_left: int | None, number: str, head: str = "") -> str:
    """«Осталось 2 рабочих дня: Согласование плана координатором — проект 2026-003»."""
    if head:
        pass
    elif kind == Kind.ESCALATION:
        head = _("Нарушен срок (%(overdue)s): %(what)s") % {
            "overdue": days_left_text(days_left) if days_left is not None else "",
            "what": what,
        }
    elif days_left is not None:
        head = f"{_capitalised(days_left_text(days_left))}: {what}"
    else:
        head = what
    return _("%(head)s — проект %(number)s") % {"head": head, "number": number}


def absolute(url: str) -> str:
    from leanproj.site import absolute as site_absolute

    return site_absolute(url)


def line_for(notification) -> str:
    """The deadline line of a notification: «13.11.2025 — осталось 2 рабочих дня»."""
    if notification.due_on is None:
        return ""
    text = notification.due_on.strftime("%d.%m.%Y")
    if notification.days_left is not None:
        text += " — " + days_left_text(notification.days_left)
    return text


def render_single(*, notification, project_title: str, greeting: str) -> tuple[str, str]:
    """Subject and body of one notification sent on its own."""
    body = get_template("notifications/email/reminder.txt").render(
        {
            "n": notification,
            "project_title": project_title,
            "greeting": greeting,
            "deadline_line": line_for(notification),
            "link": absolute(notification.target_url),
            "list_link": absolute(_list_url()),
        }
    )
    return subject_line(notification.title), body


def render_digest(*, notifications: Sequence, day: dt.date, greeting: str) -> tuple[str, str]:
    """The daily digest: everything since the last one, the most urgent first."""
    order = {Kind.ESCALATION: 0, Kind.OVERDUE: 1, Kind.DUE: 2, Kind.COMING: 3, Kind.EVENT: 4, Kind.INFO: 5}
    items = sorted(
        notifications,
        key=lambda n: (order.get(n.kind, 9), n.days_left if n.days_left is not None else 0, n.created_at),
    )
    body = get_template("notifications/email/digest.txt").render(
        {
            "items": [
                {
                    "n": n,
                    "project_title": n.project.title if n.project_id else "",
                    "deadline_line": line_for(n),
                    "note_lines": [line for line in n.note.splitlines() if line.strip()],
                    "link": absolute(n.target_url),
                }
                for n in items
            ],
            "greeting": greeting,
            "day": day,
            "list_link": absolute(_list_url()),
        }
    )
    count = len(items)
    subject = _("Сводка напоминаний на %(day)s: %(count)s") % {
        "day": day.strftime("%d.%m.%Y"),
        "count": f"{count} " + plural(count, _("уведомление"), _("уведомления"), _("уведомлений")),
    }
    return subject_line(subject), body


def _list_url() -> str:
    from django.urls import reverse

    return reverse("notifications:list")
