"""Initiatives of employees (Положение п.11–12; issue 19.9): services and reads.

Any employee of a department proposes an improvement in a short form — what to improve, the
problem, the proposed process. It goes to the head of his department, who organises the forming of
initiatives (п.11) and decides on it against the three conditions of п.12, each judged with a
comment: accepted, the initiative becomes the draft card of a project (its author credited and
included in the team); declined, the author reads the reason. The head is told of every new
initiative, the author of the decision (`projects.signals.initiative_*`, handled by notifications)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from org.choices import Role
from org.models import User
from workdays import clock

from . import services
from .choices import CriterionVerdict, InitiativeStatus, Source
from .criteria import ITEMS, P12, criteria_copy
from .exceptions import ActionRefused
from .models import Initiative, ProjectMember
from .signals import initiative_decided, initiative_submitted

# --- Who -----------------------------------------------------------------------------------------


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.municipality_id)


def can_submit(user: User) -> bool:
    """Any employee of a department (п.11)."""
    return _active(user) and user.department_id is not None


def is_head_of(user: User, department_id: int | None) -> bool:
    """The head of the department: a user with the role «руководитель подразделения» there."""
    return (
        _active(user)
        and department_id is not None
        and user.department_id == department_id
        and user.has_role(Role.LEAD)
    )


def can_decide(initiative: Initiative, user: User) -> bool:
    return initiative.status == InitiativeStatus.PENDING and is_head_of(user, initiative.department_id)


def heads_of(department) -> list[int]:
    """Who receives the department's initiatives: its head, else everyone with the head's role there."""
    if department.head_id:
        return [department.head_id]
    return list(
        User.objects.filter(department=department, is_active=True, role_assignments__role=Role.LEAD)
        .distinct()
        .values_list("pk", flat=True)
    )


# --- Reads ---------------------------------------------------------------------------------------


def initiatives_visible_to(*, user: User) -> QuerySet[Initiative]:
    """His own initiatives to an employee; those of his department to its head."""
    qs = Initiative.objects.select_related("author", "department", "decided_by", "project")
    if not _active(user):
        return qs.none()
    visible = Q(author=user)
    if user.has_role(Role.LEAD) and user.department_id:
        visible |= Q(department_id=user.department_id)
    return qs.filter(visible, municipality_id=user.municipality_id)


def pending_for(*, user: User) -> QuerySet[Initiative]:
    """What waits for this head's decision (п.12)."""
    if not (user.has_role(Role.LEAD) and user.department_id):
        return Initiative.objects.none()
    return initiatives_visible_to(user=user).filter(
        department_id=user.department_id, status=InitiativeStatus.PENDING
    )


# --- Writes --------------------------------------------------------------------------------------


@transaction.atomic
def initiative_submit(*, by: User, title: str, problem: str, proposal: str) -> Initiative:
    """An employee proposes an initiative to the head of his department (Положение п.11)."""
    if not can_submit(by):
        raise ActionRefused(_("Инициативу подаёт работник подразделения: у вас не указано подразделение."))
    title, problem, proposal = title.strip(), problem.strip(), proposal.strip()
    if not (title and problem and proposal):
        raise ActionRefused(_("Заполните, что улучшить, проблему и предлагаемый процесс."))
    initiative = Initiative(
        municipality_id=by.municipality_id,
        department_id=by.department_id,
        author=by,
        title=title,
        problem=problem,
        proposal=proposal,
        created_at=clock.now(),
    )
    initiative.full_clean()
    initiative.save()
    transaction.on_commit(lambda: initiative_submitted.send(sender=Initiative, initiative=initiative))
    return initiative


def _criteria(items: dict[int, tuple[str, str]], *, accept: bool) -> list[dict]:
    """п.12: each of the three conditions judged with a comment; an accepted initiative meets
    every one of them."""
    rows = []
    for n, text in ITEMS[P12]:
        verdict, comment = items.get(n, ("", ""))
        comment = (comment or "").strip()
        if verdict not in CriterionVerdict.values or not comment:
            raise ActionRefused(
                _("Оцените условие %(n)s п.12 («%(text)s») и поясните оценку.") % {"n": n, "text": text}
            )
        rows.append({"item": n, "text": str(text), "verdict": verdict, "comment": comment})
    if accept:
        unmet = [str(r["item"]) for r in rows if r["verdict"] == CriterionVerdict.NOT_MET]
        if unmet:
            raise ActionRefused(
                _(
                    "Инициатива не соответствует условиям п.12 (пункты %(items)s) — принять её нельзя; "
                    "отклоните её с объяснением для автора."
                )
                % {"items": ", ".join(unmet)}
            )
    return rows


@transaction.atomic
def initiative_decide(
    *,
    initiative: Initiative,
    by: User,
    accept: bool,
    criteria: dict[int, tuple[str, str]],
    reason: str = "",
) -> Initiative:
    """The head of the department decides on an initiative against п.12. Accepted: a draft project
    card prefilled from it (the head is its lead, the author a team member and credited as the
    source). Declined: the reason goes to the author."""
    initiative = Initiative.objects.select_for_update().select_related("author").get(pk=initiative.pk)
    if initiative.status != InitiativeStatus.PENDING:
        raise ActionRefused(_("По этой инициативе решение уже принято."))
    if not is_head_of(by, initiative.department_id):
        raise ActionRefused(
            _("Решение по инициативе принимает руководитель подразделения её автора (п.11–12).")
        )
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ActionRefused(_("Укажите причину отклонения — её увидит автор инициативы."))
    rows = _criteria(criteria, accept=accept)
    now = clock.now()
    initiative.criteria = rows
    initiative.decided_by = by
    initiative.decided_at = now
    initiative.decision_reason = reason
    if accept:
        project = services.project_create(
            by=by,
            title=initiative.title,
            department=initiative.department,
            source=Source.INITIATIVE,
            source_reference=_("Инициатива работника: %(who)s, %(date)s")
            % {
                "who": initiative.author.surname_initials,
                "date": clock.local_date(initiative.created_at).strftime("%d.%m.%Y"),
            },
        )
        project.problems = "\n\n".join(
            [initiative.problem, _("Предлагаемый процесс: %(p)s") % {"p": initiative.proposal}]
        )
        project.save(update_fields=["problems"])
        if initiative.author_id != by.pk:
            ProjectMember.objects.get_or_create(
                project=project,
                user=initiative.author,
                defaults={"team_role": _("автор инициативы")},
            )
        criteria_copy(project=project, assessed=rows, by=by, at=now)
        services._journal(
            project,
            by=by,
            action="initiative_accept",
            label=_("Руководитель подразделения принял инициативу %(who)s по условиям п.12")
            % {"who": initiative.author.surname_initials},
            comment=reason,
        )
        initiative.project = project
        initiative.status = InitiativeStatus.ACCEPTED
    else:
        initiative.status = InitiativeStatus.DECLINED
    initiative.save()
    transaction.on_commit(lambda: initiative_decided.send(sender=Initiative, initiative=initiative))
    return initiative
