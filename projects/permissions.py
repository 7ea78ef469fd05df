"""Who may do what with a project: by role and by scope (DESIGN §1, §2).

- a coordinator acts only on projects of the departments of his direction (Положение п.7);
- the mayor signs and closes projects of his municipality (п.15, 29) — the one person the
  municipality names, never his office (issue 19.9);
- only the project's lead fills and submits its card, shapes and submits its plan and sends its
  report (п.9.2–9.4, 13, 18, 25);
- the team edits maps and the activities each member executes (п.9.3, 21);
- the authorised body reads everything and comments (п.5–6); observers read (п.8.4).

Each function takes (project, user) in the order django-fsm passes them to `permission=`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from org.choices import Role

from .choices import MemberKind, Status

if TYPE_CHECKING:
    from org.models import User

    from .models import Project


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _same_municipality(project: Project, user: User) -> bool:
    return user.municipality_id == project.municipality_id


def curates(user: User, department) -> bool:
    """The user is the coordinator of the direction this department belongs to."""
    direction = department.direction if department is not None else None
    return bool(direction and direction.coordinator_id == user.id and user.has_role(Role.COORDINATOR))


def is_project_lead(project: Project, user: User) -> bool:
    return _active(user) and project.lead_id == user.id


def is_project_coordinator(project: Project, user: User) -> bool:
    return _active(user) and _same_municipality(project, user) and curates(user, project.department)


def is_mayor_of(project: Project, user: User) -> bool:
    """Only the head of the municipality signs and decides (Положение п.4, 15, 29; issue 19.9).

    He is the person `Municipality.mayor` names — the field the closing protocol and the card's
    «УТВЕРЖДАЮ» already print — and he holds the role «Мэр». A role alone does not make a signatory:
    a second holder of the role (his office given the wrong role, a former mayor) signs nothing.
    While a municipality being set up names nobody, the single active holder of the role signs;
    two holders and no name — nobody, rather than the wrong person. The mayor's office
    (`Role.MAYOR_OFFICE`) prepares and sees, never signs."""
    if not (_active(user) and user.has_role(Role.MAYOR) and _same_municipality(project, user)):
        return False
    return named_mayor_id(user) == user.id


def named_mayor_id(user: User) -> int | None:
    """The id of the person who signs for the user's municipality (see `is_mayor_of`), read once
    per user instance (a request), like his roles."""
    cached = getattr(user, "_named_mayor_cache", None)
    if cached is not None and cached[0] == user.municipality_id:
        return cached[1]
    from org.models import Municipality, RoleAssignment

    named = (
        Municipality.objects.filter(pk=user.municipality_id)
        .values_list("mayor_id", "mayor__is_active")
        .first()
    )
    if named is None:
        mayor_id = None
    elif named[0] is not None:
        mayor_id = named[0] if named[1] else None
    else:
        holders = list(
            RoleAssignment.objects.filter(
                role=Role.MAYOR, user__municipality_id=user.municipality_id, user__is_active=True
            ).values_list("user_id", flat=True)[:2]
        )
        mayor_id = holders[0] if len(holders) == 1 else None
    user._named_mayor_cache = (user.municipality_id, mayor_id)
    return mayor_id


def is_authority_of(project: Project, user: User) -> bool:
    return _active(user) and user.has_role(Role.AUTHORITY) and _same_municipality(project, user)


def _member_kind(project: Project, user: User) -> str | None:
    cache = getattr(project, "_member_kinds", None)
    if cache is None:
        cache = dict(project.members.values_list("user_id", "kind"))
        project._member_kinds = cache
    return cache.get(user.id)


def is_team_member(project: Project, user: User) -> bool:
    return _active(user) and _member_kind(project, user) == MemberKind.MEMBER


def is_project_team(project: Project, user: User) -> bool:
    """The lead or a member of the team: they edit maps, plan rows and meeting notes."""
    return is_project_lead(project, user) or is_team_member(project, user)


def may_reject(project: Project, user: User) -> bool:
    if project.status == Status.CARD_REVIEW:
        return is_project_coordinator(project, user)
    if project.status == Status.CARD_SIGNING:
        return is_mayor_of(project, user)
    return False


def may_suspend(project: Project, user: User) -> bool:
    return is_project_coordinator(project, user) or is_mayor_of(project, user)


def can_view(project: Project, user: User) -> bool:
    """Mirrors `projects.selectors.projects_visible_to`."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if not _same_municipality(project, user):
        return False
    if user.has_role(Role.MAYOR, Role.MAYOR_OFFICE, Role.AUTHORITY, Role.OBSERVER):
        return True
    if project.lead_id == user.id or project.created_by_id == user.id:
        return True
    if curates(user, project.department):
        return True
    if user.department_id and user.department_id == project.department_id and user.has_role(Role.LEAD):
        return True  # the head of the department sees its projects
    # a person invited to one meeting of the project (e.g. the finance deputy at the defence, п.26)
    # reads that meeting and its protocol, not the project: see `is_meeting_invitee`
    return _member_kind(project, user) is not None


def is_meeting_invitee(meeting_id: int, user: User) -> bool:
    """Invited to this meeting: its page and its protocol are open to him (МР п.4.9г; п.26)."""
    from .models import MeetingParticipant

    return _active(user) and MeetingParticipant.objects.filter(meeting_id=meeting_id, user=user).exists()


def can_edit_card(project: Project, user: User) -> bool:
    """The card — every block, the stakeholders, the team and the target indicators — is filled by
    the lead while it is a draft (п.9.2, 9.3, 13); the team reads it. After signing it changes only
    through a change agreed with the coordinator (п.22)."""
    if project.status == Status.DRAFT:
        return is_project_lead(project, user)
    return False


def can_comment(project: Project, user: User) -> bool:
    """Methodological support (п.6): the authorised body, the coordinator, the team, observers."""
    return can_view(project, user)


def can_manage_meetings(project: Project, user: User) -> bool:
    # A closed or rejected project holds no more meetings (issue 21: no editing actions).
    if project.status in (Status.CLOSED, Status.REJECTED):
        return False
    return is_project_team(project, user) or is_project_coordinator(project, user)


def can_attach_card_scan(project: Project, user: User) -> bool:
    """The scan of the card signed on paper (п.15; Прил. 4, слайд 2) is attached by the lead or by
    the mayor's office, which prepares the signing (issue 20), once the mayor has signed."""
    if not _active(user) or not _same_municipality(project, user):
        return False
    if not project.journal.filter(action="sign_card").exists():
        return False
    return is_project_lead(project, user) or user.has_role(Role.MAYOR_OFFICE) or is_mayor_of(project, user)
