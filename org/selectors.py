"""Reads of the organisation, limited to what the user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .choices import Role
from .models import Department, Direction, ManagementTeamMember, User


def departments_visible_to(*, user: User) -> QuerySet[Department]:
    qs = Department.objects.select_related("direction__coordinator", "head")
    if user.is_superuser:
        return qs
    return qs.filter(municipality_id=user.municipality_id)


def departments_headed_by(*, user: User) -> QuerySet[Department]:
    """The departments whose projects this person may initiate (Положение п.11, 13): those he heads
    (`Department.head`) and, holding the lead's role, the one he works in — its head or deputy head.
    Being staff or a superuser adds none."""
    if not (user.is_authenticated and user.is_active and user.has_role(Role.LEAD)):
        return Department.objects.none()
    scope = Q(head=user)
    if user.department_id:
        scope |= Q(pk=user.department_id)
    return Department.objects.filter(scope, municipality_id=user.municipality_id, is_active=True).order_by(
        "name"
    )


def directions_of(*, coordinator: User) -> QuerySet[Direction]:
    return Direction.objects.filter(coordinator=coordinator).prefetch_related("departments")


def curated_department_ids(*, coordinator: User) -> set[int]:
    """Departments whose projects this coordinator manages (Положение п.7)."""
    return set(Department.objects.filter(direction__coordinator=coordinator).values_list("id", flat=True))


def leads_curated_by(*, coordinator_id: int | None, municipality_id: int) -> QuerySet[User]:
    """Whom a coordinator may appoint project lead (Положение п.8.2): department heads and their
    deputies (the lead's role) working in or heading a department of the directions he curates."""
    if coordinator_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            Q(department__direction__coordinator_id=coordinator_id)
            | Q(headed_departments__direction__coordinator_id=coordinator_id),
            municipality_id=municipality_id,
            role_assignments__role=Role.LEAD,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def management_team(*, municipality_id: int) -> QuerySet[ManagementTeamMember]:
    return ManagementTeamMember.objects.filter(municipality_id=municipality_id).select_related("user")


def people_with_role(*, role: str, municipality_id: int | None = None) -> QuerySet[User]:
    qs = User.objects.filter(role_assignments__role=role, is_active=True)
    if municipality_id is not None:
        qs = qs.filter(municipality_id=municipality_id)
    return qs.distinct()


def coordinator_of_department(*, department: Department) -> User | None:
    if department.direction_id is None:
        return None
    return department.direction.coordinator


__all__ = [
    "Role",
    "coordinator_of_department",
    "curated_department_ids",
    "departments_headed_by",
    "leads_curated_by",
    "departments_visible_to",
    "directions_of",
    "management_team",
    "people_with_role",
]
