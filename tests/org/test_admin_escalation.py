"""Issue 18, hole 1: no privilege escalation through the admin. The demo's authorised body is
staff for the reference data (DESIGN §1: departments, the team, the calendar, the directories);
only a superuser changes people's flags, roles, groups, permissions or passwords.

Every request goes to the real admin URL as the demo's `authority` would send it."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from maps.models import WasteType
from org import access, demo
from org.choices import Role
from org.models import Department, Direction, ManagementTeamMember, Municipality, RoleAssignment, User
from tests.factories import DepartmentFactory, MunicipalityFactory, UserFactory
from workdays.models import CalendarYear, NonWorkingDay

pytestmark = pytest.mark.django_db


@pytest.fixture
def seversk() -> Municipality:
    return demo.build()


@pytest.fixture
def authority(client, seversk) -> User:
    user = User.objects.get(username="authority")
    client.force_login(user)
    return user


@pytest.fixture
def superuser(seversk) -> User:
    return User.objects.get(username="admin")


def _user_form(user: User, **changes) -> dict:
    """What the admin's change form of a user posts, with `changes` on top; roles as inline rows."""
    roles = changes.pop("roles", None)
    data = {
        "username": user.username,
        "last_name": user.last_name,
        "first_name": user.first_name,
        "patronymic": user.patronymic,
        "position": user.position,
        "municipality": user.municipality_id or "",
        "department": user.department_id or "",
        "email": user.email,
        "phone": user.phone,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%d.%m.%Y"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
    }
    if user.is_staff:
        data["is_staff"] = "on"
    if user.is_superuser:
        data["is_superuser"] = "on"
    existing = list(user.role_assignments.order_by("pk"))
    rows = [(a.pk, a.role) for a in existing] + [("", role) for role in roles or ()]
    data.update(
        {
            "role_assignments-TOTAL_FORMS": str(len(rows)),
            "role_assignments-INITIAL_FORMS": str(len(existing)),
            "role_assignments-MIN_NUM_FORMS": "0",
            "role_assignments-MAX_NUM_FORMS": "1000",
        }
    )
    for i, (pk, role) in enumerate(rows):
        data[f"role_assignments-{i}-id"] = pk
        data[f"role_assignments-{i}-user"] = user.pk
        data[f"role_assignments-{i}-role"] = role
    data.update({k: v for k, v in changes.items() if v is not None})
    for k in [k for k, v in changes.items() if v is None]:
        data.pop(k, None)
    return data


def _change_url(user: User) -> str:
    return reverse("admin:org_user_change", args=[user.pk])


# --- the holes, as the demo's authority tried them ----------------------------------------------


def test_admin_escalation_staff_cannot_make_itself_superuser(client, authority):
    response = client.post(_change_url(authority), _user_form(authority, is_superuser="on"))
    assert response.status_code == 403
    authority.refresh_from_db()
    assert not authority.is_superuser


def test_admin_escalation_staff_cannot_give_itself_a_role(client, authority):
    response = client.post(_change_url(authority), _user_form(authority, roles=[Role.MAYOR]))
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=authority, role=Role.MAYOR).exists()


def test_admin_escalation_staff_cannot_set_another_users_password(client, authority):
    mayor = User.objects.get(username="mayor")
    url = reverse("admin:auth_user_password_change", args=[mayor.pk])
    response = client.post(url, {"password1": "Zahvat-2026!", "password2": "Zahvat-2026!"})
    assert response.status_code == 403
    mayor.refresh_from_db()
    assert check_password(demo.DEMO_PASSWORD, mayor.password)
    assert not check_password("Zahvat-2026!", mayor.password)


def test_admin_escalation_staff_cannot_add_a_user(client, authority):
    response = client.post(
        reverse("admin:org_user_add"),
        {"username": "shadow", "password1": "Zahvat-2026!", "password2": "Zahvat-2026!"},
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="shadow").exists()


def test_admin_escalation_staff_cannot_change_another_user(client, authority):
    """Not even a name: the person's department decides what he sees (a head sees its projects)."""
    lead = User.objects.get(username="lead")
    response = client.post(_change_url(lead), _user_form(lead, is_staff="on", last_name="Подменная"))
    assert response.status_code == 403
    lead.refresh_from_db()
    assert (lead.is_staff, lead.last_name) == (False, "Васильева")


def test_admin_escalation_staff_cannot_give_its_group_more_permissions(client, authority):
    group = authority.groups.get()
    every = Permission.objects.values_list("pk", flat=True)
    url = reverse("admin:auth_group_change", args=[group.pk])
    response = client.post(url, {"name": group.name, "permissions": list(every)})
    assert response.status_code == 403
    assert set(group.permissions.all()) == set(access.reference_permissions())


def test_admin_escalation_staff_cannot_make_itself_the_mayor(client, authority, seversk):
    """The municipality's «глава» signs the documents: its form is a superuser's."""
    url = reverse("admin:org_municipality_change", args=[seversk.pk])
    response = client.post(
        url,
        {
            "code": seversk.code,
            "name": seversk.name,
            "administration_name": seversk.administration_name,
            "region": seversk.region,
            "mayor_title": seversk.mayor_title,
            "mayor": authority.pk,
            "management_team-TOTAL_FORMS": "0",
            "management_team-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 403
    seversk.refresh_from_db()
    assert seversk.mayor.username == "mayor"


def test_admin_escalation_staff_reaches_no_security_page(client, authority):
    """The people, groups and the municipality are not even listed to the authority."""
    for name in (
        "admin:org_user_changelist",
        "admin:org_user_add",
        "admin:auth_group_changelist",
        "admin:auth_group_add",
        "admin:org_municipality_changelist",
    ):
        assert client.get(reverse(name)).status_code == 403, name
    for url in (_change_url(authority), reverse("admin:auth_user_password_change", args=[authority.pk])):
        assert client.get(url).status_code == 403, url
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:org_user_changelist") not in index
    assert reverse("admin:auth_group_changelist") not in index
    assert reverse("admin:org_department_changelist") in index


def test_admin_escalation_user_autocomplete_is_closed_to_staff(client, authority):
    """The admin's autocomplete would list people (and their logins) through the user admin."""
    url = reverse("admin:autocomplete")
    params = {"app_label": "org", "model_name": "department", "field_name": "head", "term": "а"}
    assert client.get(url, params).status_code == 403


# --- what the authority keeps: exactly the reference data ---------------------------------------


def test_authority_group_holds_exactly_the_reference_data_permissions(authority):
    perms = {f"{p.content_type.app_label}.{p.codename}" for p in access.reference_permissions()}
    assert {p for p in perms if p.startswith("auth.")} == set()
    assert {"org.change_user", "org.add_roleassignment", "org.change_municipality"}.isdisjoint(perms)
    assert {
        "org.change_department",
        "org.change_direction",
        "org.change_managementteammember",
        "workdays.change_calendaryear",
        "workdays.add_nonworkingday",
        "maps.change_wastetype",
    } <= perms
    assert set(authority.groups.all()) == {Group.objects.get(name=access.REFERENCE_EDITORS)}
    assert authority.user_permissions.count() == 0
    assert authority.get_all_permissions() == perms


def test_authority_edits_a_department_and_the_calendar(client, authority, seversk):
    department = Department.objects.get(short_name="ОСПН")
    url = reverse("admin:org_department_change", args=[department.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "municipality": seversk.pk,
            "name": department.name,
            "short_name": "ОСПН-2",
            "kind": department.kind,
            "parent": "",
            "direction": department.direction_id,
            "head": department.head_id,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    department.refresh_from_db()
    assert department.short_name == "ОСПН-2"
    for name in (
        "admin:workdays_calendaryear_changelist",
        "admin:workdays_nonworkingday_add",
        "admin:maps_wastetype_changelist",
        "admin:org_direction_changelist",
        "admin:org_managementteammember_changelist",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    year = CalendarYear.objects.create(year=2031)
    response = client.post(
        reverse("admin:workdays_nonworkingday_add"),
        {"calendar_year": year.pk, "date": "02.01.2031", "name": "Новогодние каникулы"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert NonWorkingDay.objects.filter(date__year=2031).exists()
    assert WasteType.objects.exists()


def test_authority_does_not_touch_another_municipality(client, authority):
    """The admin lists and edits the reference data of the authority's own municipality only."""
    other = MunicipalityFactory(code="x", name="Другой округ")
    foreign = DepartmentFactory(municipality=other, name="Чужой отдел")
    assert client.get(reverse("admin:org_department_change", args=[foreign.pk])).status_code == 302
    listing = client.get(reverse("admin:org_department_changelist")).content.decode()
    assert "Чужой отдел" not in listing
    form = client.get(reverse("admin:org_department_add")).context["adminform"].form
    assert list(form.fields["municipality"].queryset) == [authority.municipality]
    heads = form.fields["head"].queryset
    assert set(heads.values_list("municipality_id", flat=True)) == {authority.municipality_id}


# --- the superuser does what the authority may not ----------------------------------------------


def test_superuser_changes_flags_roles_and_passwords(client, superuser):
    client.force_login(superuser)
    lead = User.objects.get(username="lead")
    group = Group.objects.get(name=access.REFERENCE_EDITORS)
    response = client.post(
        _change_url(lead), _user_form(lead, is_staff="on", roles=[Role.OBSERVER], groups=[group.pk])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    lead.refresh_from_db()
    assert lead.is_staff
    assert lead.has_role(Role.OBSERVER)
    assert list(lead.groups.all()) == [group]
    url = reverse("admin:auth_user_password_change", args=[lead.pk])
    response = client.post(url, {"password1": "Novy-parol-2026", "password2": "Novy-parol-2026"})
    assert response.status_code == 302, response.content.decode()[:3000]
    lead.refresh_from_db()
    assert check_password("Novy-parol-2026", lead.password)
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200


# --- the demo and the command --------------------------------------------------------------------


def test_demo_has_one_superuser_and_no_other_staff_with_wider_rights(seversk):
    assert list(User.objects.filter(is_superuser=True).values_list("username", flat=True)) == ["admin"]
    admin = User.objects.get(username="admin")
    assert admin.is_staff and not admin.role_assignments.exists()
    reference = {f"{p.content_type.app_label}.{p.codename}" for p in access.reference_permissions()}
    staff = User.objects.filter(is_staff=True, is_superuser=False)
    assert staff.exists()
    for user in staff:
        assert user.has_role(Role.AUTHORITY), user.username
        assert user.get_all_permissions() <= reference, user.username
    assert ("admin", demo.DEMO_LOGINS_ADMIN) in demo.DEMO_LOGINS


def test_demo_rebuild_restores_the_narrow_group(seversk):
    """A demo database built by the old code (the group with every org permission) is narrowed."""
    group = Group.objects.get(name=access.REFERENCE_EDITORS)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=["org", "auth"]))
    demo.build()
    assert set(group.permissions.all()) == set(access.reference_permissions())


def test_reference_editors_command_grants_and_revokes(seversk):
    person = UserFactory(username="clerk", municipality=seversk, roles=[Role.AUTHORITY])
    call_command("reference_editors", "--add", "clerk", verbosity=0)
    person.refresh_from_db()
    assert person.is_staff and not person.is_superuser
    assert list(person.groups.values_list("name", flat=True)) == [access.REFERENCE_EDITORS]
    call_command("reference_editors", "--remove", "clerk", verbosity=0)
    person.refresh_from_db()
    assert not person.is_staff
    assert not person.groups.exists()


def test_reference_editors_command_refuses_a_superuser_and_an_unknown_login(seversk):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="суперпользователь"):
        call_command("reference_editors", "--add", "admin", verbosity=0)
    with pytest.raises(CommandError, match="nobody"):
        call_command("reference_editors", "--add", "nobody", verbosity=0)


def test_reference_models_exist():
    """The list of the reference data names real models (a renamed model fails here)."""
    assert access.reference_permissions().count() >= 4 * 3
    for model in (Department, Direction, ManagementTeamMember, WasteType, CalendarYear):
        assert access.is_reference_model(model)
    for model in (User, RoleAssignment, Municipality, Group, Permission):
        assert not access.is_reference_model(model)


def test_admin_escalation_staff_with_user_permissions_still_cannot_edit_people(client, authority):
    """A permission on people given by hand (a wrong click in the group form, a shell) opens
    nothing: the people's admin asks for a superuser, not for a permission."""
    authority.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="org", codename__in=["view_user", "change_user", "add_roleassignment"]
        )
    )
    response = client.post(_change_url(authority), _user_form(authority, is_superuser="on"))
    assert response.status_code == 403
    authority.refresh_from_db()
    assert not authority.is_superuser


def test_migrate_narrows_the_reference_editors_group_again(seversk):
    """After a deploy's `migrate`, the group holds exactly the reference data once more."""
    from django.core.management.sql import emit_post_migrate_signal

    group = Group.objects.get(name=access.REFERENCE_EDITORS)
    group.permissions.add(*Permission.objects.filter(codename__in=["change_user", "change_group"]))
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert set(group.permissions.all()) == set(access.reference_permissions())
