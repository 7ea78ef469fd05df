"""Who is told, resolved for a whole batch of reminders in a fixed number of queries.

- card review, plan review, report review → the coordinator of the project's direction
  (Положение п.7, 8.3, 14, 19, 25); the coordinator who approved the card when the department
  has no direction; the authorised body when there is nobody (it keeps the directions, п.5–6);
- signing and closing decisions → the mayor and his office: everyone with the role «Мэр» or
  «Аппарат Мэра» in the municipality (п.15, 29; issue 19.9: the office prepares, the mayor signs);
- maps, plan drafting and rework, results and report → the lead and the team members (п.9, 16,
  17, 20, 24); observers are not reminded;
- the authorised body → everyone with the role «Уполномоченный орган» in the municipality (п.5).

Only active people are told."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from org.choices import Role
from org.models import RoleAssignment, User
from projects.choices import MemberKind
from projects.models import Project, ProjectMember

from .choices import Audience
from .sources import Item

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProjectInfo:
    pk: int
    number: str
    title: str
    municipality_id: int
    lead_id: int
    coordinator_id: int | None


@dataclass(frozen=True)
class Person:
    pk: int
    email: str
    digest: bool
    greeting: str


@dataclass
class People:
    projects: dict[int, ProjectInfo]
    team: dict[int, list[int]] = field(default_factory=dict)
    role_holders: dict[tuple[str, int], list[int]] = field(default_factory=dict)
    persons: dict[int, Person] = field(default_factory=dict)

    def recipients(self, item: Item) -> list[int]:
        """The active people an item goes to, each once, in a stable order."""
        project = self.projects.get(item.project_id)
        wanted: list[int] = []
        for audience in sorted(item.audience) if project is not None else ():
            wanted.extend(self._audience(project, audience))
        wanted.extend(item.user_ids)
        excluded = set(item.exclude_user_ids)
        seen: set[int] = set()
        result = []
        for uid in wanted:
            if uid in seen or uid in excluded or uid not in self.persons:
                continue
            seen.add(uid)
            result.append(uid)
        return result

    def _audience(self, project: ProjectInfo, audience: str) -> list[int]:
        if audience == Audience.LEAD:
            return [project.lead_id]
        if audience == Audience.TEAM:
            return self.team.get(project.pk, [])
        if audience == Audience.COORDINATOR:
            if project.coordinator_id:
                return [project.coordinator_id]
            logger.warning(
                "project %s has no coordinator (its department has no direction): "
                "the reminder goes to the authorised body",
                project.number,
            )
            return self.role_holders.get((Role.AUTHORITY, project.municipality_id), [])
        if audience == Audience.MAYOR:
            return self.role_holders.get((Role.MAYOR, project.municipality_id), []) + self.role_holders.get(
                (Role.MAYOR_OFFICE, project.municipality_id), []
            )
        if audience == Audience.AUTHORITY:
            return self.role_holders.get((Role.AUTHORITY, project.municipality_id), [])
        raise ValueError(f"unknown audience {audience!r}")


def load_projects(project_ids: Iterable[int]) -> dict[int, ProjectInfo]:
    """The projects of a batch (one query); a project deleted meanwhile is simply absent."""
    rows = (
        Project.objects.filter(pk__in=set(project_ids))
        .order_by()
        .values(
            "pk",
            "number",
            "title",
            "municipality_id",
            "lead_id",
            "coordinator_id",
            "department__direction__coordinator_id",
        )
    )
    return {
        r["pk"]: ProjectInfo(
            pk=r["pk"],
            number=r["number"],
            title=r["title"],
            municipality_id=r["municipality_id"],
            lead_id=r["lead_id"],
            coordinator_id=r["department__direction__coordinator_id"] or r["coordinator_id"],
        )
        for r in rows
    }


def load_people(items: list[Item], projects: dict[int, ProjectInfo]) -> People:
    """Team members, role holders and the people themselves for a batch: at most three queries."""
    people = People(projects=projects)
    audiences = set().union(*(i.audience for i in items)) if items else set()
    project_ids = {i.project_id for i in items if i.project_id is not None}

    if Audience.TEAM in audiences:
        team: dict[int, list[int]] = defaultdict(list)
        for project_id, user_id in (
            ProjectMember.objects.filter(project_id__in=project_ids, kind=MemberKind.MEMBER)
            .order_by("id")
            .values_list("project_id", "user_id")
        ):
            team[project_id].append(user_id)
        people.team = dict(team)

    roles = set()
    if audiences & {Audience.MAYOR}:
        roles.update({Role.MAYOR, Role.MAYOR_OFFICE})
    if audiences & {Audience.AUTHORITY, Audience.COORDINATOR}:
        roles.add(Role.AUTHORITY)  # also the fallback of a project without a coordinator
    if roles:
        municipalities = {projects[pid].municipality_id for pid in project_ids}
        holders: dict[tuple[str, int], list[int]] = defaultdict(list)
        for role, municipality_id, user_id in (
            RoleAssignment.objects.filter(
                role__in=roles, user__municipality_id__in=municipalities, user__is_active=True
            )
            .order_by("user__last_name", "user_id")
            .values_list("role", "user__municipality_id", "user_id")
        ):
            holders[(role, municipality_id)].append(user_id)
        people.role_holders = dict(holders)

    wanted: set[int] = set()
    for item in items:
        project = projects.get(item.project_id)
        if project is not None:
            wanted.add(project.lead_id)
            if project.coordinator_id:
                wanted.add(project.coordinator_id)
        wanted.update(item.user_ids)
    for ids in people.team.values():
        wanted.update(ids)
    for ids in people.role_holders.values():
        wanted.update(ids)
    people.persons = {
        row["pk"]: Person(
            pk=row["pk"],
            email=(row["email"] or "").strip(),
            digest=row["email_digest"],
            greeting=" ".join(p for p in (row["first_name"], row["patronymic"]) if p) or row["username"],
        )
        for row in User.objects.filter(pk__in=wanted, is_active=True)
        .order_by()
        .values("pk", "email", "email_digest", "first_name", "patronymic", "username")
    }
    return people
