"""Organisation, roles and coordinators' directions (DESIGN §1; Положение п.4–9)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from org import selectors
from org.choices import Role, TeamMembership
from org.models import Department, Direction, ManagementTeamMember, Municipality, User
from tests.factories import DepartmentFactory, DirectionFactory, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_one_person_may_hold_several_roles():
    user = UserFactory(roles=[Role.LEAD, Role.AUTHORITY])
    assert user.has_role(Role.LEAD)
    assert user.has_role(Role.AUTHORITY)
    assert not user.has_role(Role.MAYOR)
    assert user.has_role(Role.MAYOR, Role.AUTHORITY)


def test_roles_are_read_once_per_instance(django_assert_num_queries):
    user = User.objects.get(pk=UserFactory(roles=[Role.LEAD]).pk)
    with django_assert_num_queries(1):
        assert user.has_role(Role.LEAD)
        assert not user.has_role(Role.MAYOR)


def test_coordinator_curates_the_departments_of_his_direction():  # Положение п.7
    direction = DirectionFactory()
    mine = DepartmentFactory(municipality=direction.municipality, direction=direction)
    other = DepartmentFactory(municipality=direction.municipality)
    ids = selectors.curated_department_ids(coordinator=direction.coordinator)
    assert mine.id in ids
    assert other.id not in ids
    assert selectors.coordinator_of_department(department=mine) == direction.coordinator


def test_direction_needs_a_coordinator_role():
    municipality = MunicipalityFactory()
    clerk = UserFactory(municipality=municipality, roles=[Role.TEAM])
    with pytest.raises(ValidationError, match="Координатор"):
        Direction(municipality=municipality, name="X", coordinator=clerk).full_clean()


def test_department_of_another_municipality_is_refused_for_a_user():
    department = DepartmentFactory()
    user = UserFactory(municipality=MunicipalityFactory(), department=department)
    with pytest.raises(ValidationError):
        user.full_clean()


def test_names_print_as_in_documents():
    user = UserFactory(last_name="Громов", first_name="Николай", patronymic="Петрович")
    assert user.short_name == "Н.П. Громов"
    assert user.surname_initials == "Громов Н.П."
    assert user.full_name == "Громов Николай Петрович"


class TestDemo:
    def test_builds_the_municipality_with_every_role(self):
        call_command("load_demo", verbosity=0)
        seversk = Municipality.objects.get(code="seversk")
        assert seversk.mayor.username == "mayor"
        for role in Role:
            assert User.objects.filter(role_assignments__role=role).exists(), role
        # the regulation's «Состав»: head, deputy head, five coordinators, the working group
        team = ManagementTeamMember.objects.filter(municipality=seversk)
        assert team.filter(membership=TeamMembership.HEAD).count() == 1
        assert team.filter(membership=TeamMembership.DEPUTY_HEAD).count() == 1
        assert team.filter(membership=TeamMembership.COORDINATOR).count() == 5
        assert team.filter(membership=TeamMembership.WORKING_GROUP).count() == 14
        assert Department.objects.get(short_name="КЭР").direction.name == "Экономика и финансы"
        lead = User.objects.get(username="lead")
        assert selectors.coordinator_of_department(department=lead.department).username == "coordinator"

    def test_running_twice_duplicates_nothing(self):
        call_command("load_demo", verbosity=0)
        counts = (
            User.objects.count(),
            Department.objects.count(),
            Direction.objects.count(),
            ManagementTeamMember.objects.count(),
        )
        call_command("load_demo", verbosity=0)
        assert counts == (
            User.objects.count(),
            Department.objects.count(),
            Direction.objects.count(),
            ManagementTeamMember.objects.count(),
        )
