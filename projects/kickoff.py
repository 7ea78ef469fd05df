"""The kick-off meeting that ends the initiation (Положение п.10.1; МР п.4.9): «проведение
установочного совещания … и утверждение протокола, в котором отражается решение об инициации
проекта».

The project is opened by the Mayor's signature (п.15); the kick-off presents the signed card, the
team and its roles (МР п.4.9д), so it is held once the card is signed. Its approved protocol with the
decision to initiate is the condition of the first act after the opening, `complete_current_map`:
the diagnostic stage (п.10.2) cannot be finished while the initiation (п.10.1) is not. The statutory
clock of the current-state map keeps running meanwhile, so the gate delays nothing the regulation
times. From the signature on, the project page shows what is still missing as the next step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from . import panels, rules
from . import permissions as perms
from .choices import MeetingKind, Status
from .models import Meeting

if TYPE_CHECKING:
    from org.models import User

    from .models import Project

# Before the signature the project is not opened yet; a finished project needs no next step.
NOT_OPENED = frozenset(
    {Status.DRAFT, Status.CARD_REVIEW, Status.CARD_SIGNING, Status.REJECTED, Status.CLOSED}
)


def kickoff_of(project: Project) -> Meeting | None:
    """The kick-off meeting that counts: the one whose protocol is approved, else the latest one."""
    meetings = list(Meeting.objects.filter(project_id=project.pk, kind=MeetingKind.KICKOFF))
    approved = [m for m in meetings if m.is_protocol_approved and m.initiation_decided]
    if approved:
        return min(approved, key=lambda m: m.protocol_approved_at)
    return max(meetings, key=lambda m: (m.starts_at, m.pk), default=None)


def kickoff_blockers(project: Project) -> list[str]:
    """Condition of `complete_current_map` (Положение п.10.1; МР п.4.9): the kick-off meeting has
    been held and its protocol, approved, records the decision to initiate the project. Says what is
    missing and who acts."""
    meeting = kickoff_of(project)
    if meeting is None:
        return [
            _(
                "Установочное совещание не проведено (Положение п.10.1; МР п.4.9): руководитель проекта "
                "назначает его на странице проекта («Совещания» → «Установочное»), проводит и утверждает "
                "протокол с решением об инициации проекта."
            )
        ]
    if not meeting.held:
        local = timezone.localtime(meeting.starts_at)
        return [
            _(
                "Установочное совещание № %(n)s (%(day)s %(time)s) не отмечено проведённым: после "
                "совещания руководитель проекта вносит протокол — решения и решение об инициации проекта "
                "(Положение п.10.1; МР п.4.9)."
            )
            % {"n": meeting.number, "day": local.strftime("%d.%m.%Y"), "time": local.strftime("%H:%M")}
        ]
    if not meeting.initiation_decided:
        return [
            _(
                "В протоколе установочного совещания № %(n)s не отражено решение об инициации проекта "
                "(Положение п.10.1)."
            )
            % {"n": meeting.number}
        ]
    if not meeting.is_protocol_approved:
        return [
            _(
                "Протокол установочного совещания № %(n)s не утверждён: его утверждает председательствующий — "
                "руководитель проекта, координатор или Мэр (Положение п.10.1)."
            )
            % {"n": meeting.number}
        ]
    return []


def kickoff_done(project: Project) -> bool:
    return not kickoff_blockers(project)


def kickoff_panel(project: Project, user: User) -> list[dict]:
    """The next required step on the project page, from the signature on, until the kick-off's
    protocol is approved."""
    if project.status in NOT_OPENED:
        return []
    missing = kickoff_blockers(project)
    if not missing:
        return []
    return [
        {
            "template": "projects/partials/kickoff_panel.html",
            "data": {
                "missing": missing,
                "meeting": kickoff_of(project),
                "can_meet": perms.can_manage_meetings(project, user),
            },
        }
    ]


rules.register("complete_current_map", kickoff_blockers)
panels.register(kickoff_panel)
