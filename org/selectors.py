"""Reads of the organisation, limited to what the user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from .choices import Role
from .models import Department, Direction, ManagementTeamMember, User


def departments_visible_to(*, user: User) -> QuerySet[Department]:
    qs = Department.objects.select_related("direction__coordinator", "head")
    if user.is_superuser:
        return qs
    return qs.filter(municipality_id=user.municipality_id)


def directions_of(*, coordinator: User) -> QuerySet[Direction]:
    return Direction.objects.filter(coordinator=coordinator).prefetch_related("departments")


def curated_department_ids(*, coordinator: User) -> set[int]:
    """Departments whose projects this coordinator manages (Положение п.7)."""
    return set(Department.objects.filter(direction__coordinator=coordinator).values_list("id", flat=True))


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
    "departments_visible_to",
    "directions_of",
    "management_team",
    "people_with_role",
]
