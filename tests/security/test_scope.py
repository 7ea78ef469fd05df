"""Scope of writes (issue 18, hole 4): each role writes only inside what it was given.

- a lead creates projects only in the departments he heads or is deputy head of (Положение п.11, 13);
- the card and the plan's structure are the lead's; a team member edits only the activities he
  executes (п.9.2–9.4, 18; DESIGN §1);
- a coordinator appoints a lead only from the departments of his own direction (п.8.2);
- a person invited to one meeting from outside the team reads that meeting and its protocol, not
  the project (МР п.4.9г; п.26).

Each is checked at the service and over HTTP, with staff and superuser accounts where being one
could be mistaken for a right."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import constants, get_messages
from django.urls import reverse
from django.utils import timezone

from org.choices import Role
from projects import permissions, planning, selectors, services
from projects.choices import Status
from projects.exceptions import ActionRefused
from projects.forms import ActForm, ActivityForm, Block1Form, ProjectCreateForm
from projects.models import Activity, Meeting, MeetingParticipant, Project, ProjectMember
from projects.workflow import ACTS
from tests.factories import DepartmentFactory, UserFactory, World, advance, assess_card, make_project


def _errors(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == constants.ERROR]


# --- A lead creates projects in his own departments only (Положение п.11, 13) ---------------------


def test_scope_lead_cannot_create_project_in_other_department(world: World):
    with pytest.raises(ActionRefused, match="руководитель"):
        services.project_create(by=world.lead, title="Чужой проект", department=world.other_department)
    # being staff, or even a superuser holding the lead's role, gives no wider scope
    world.lead.is_staff = True
    world.lead.save()
    with pytest.raises(ActionRefused):
        services.project_create(by=world.lead, title="Чужой проект", department=world.other_department)
    root = UserFactory(
        username="root", municipality=world.municipality, roles=[Role.LEAD], is_superuser=True, is_staff=True
    )
    with pytest.raises(ActionRefused):
        services.project_create(by=root, title="Чужой проект", department=world.department)
    assert not Project.objects.exists()

    # his own department; a deputy head (a lead working there) in his; a department one heads
    assert services.project_create(by=world.lead, title="Свой", department=world.department)
    assert services.project_create(by=world.other_lead, title="Свой", department=world.other_department)
    annex = DepartmentFactory(municipality=world.municipality, direction=world.direction, head=world.lead)
    assert services.project_create(by=world.lead, title="Филиал", department=annex)


def test_scope_lead_cannot_create_project_in_other_department_over_http(client, world: World):
    client.force_login(world.lead)
    page = client.get(reverse("projects:create"))
    offered = set(page.context["form"].fields["department"].queryset)
    assert offered == {world.department}

    response = client.post(
        reverse("projects:create"),
        {"title": "Чужой проект", "department": world.other_department.pk, "source": "initiative"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "руководитель подразделения" in " ".join(form.errors["department"])
    assert form["title"].value() == "Чужой проект"  # what was typed is kept
    assert not Project.objects.exists()


def test_scope_create_form_offers_only_headed_departments(world: World):
    form = ProjectCreateForm(user=world.other_lead)
    assert set(form.fields["department"].queryset) == {world.other_department}
    assert not ProjectCreateForm(user=world.member).fields["department"].queryset.exists()


# --- The card is the lead's (п.9.2, 9.3, 13) -----------------------------------------------------


def _block1_data(project: Project, **changes) -> dict:
    form = Block1Form(instance=project)
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "perimeter":
            data[name] = [d.pk for d in value] if value else []
        elif value is not None:
            data[name] = value
    data.update(changes)
    return data


def test_scope_member_cannot_edit_draft_card(world: World):
    project = make_project(world)  # the member is in the team
    assert permissions.is_team_member(project, world.member)
    form = Block1Form(_block1_data(project, title="Переписано членом команды"), instance=project)
    assert form.is_valid(), form.errors
    with pytest.raises(ActionRefused, match="руководитель проекта"):
        services.card_section_save(project=project, by=world.member, forms=[form])
    with pytest.raises(ActionRefused):
        services.team_member_add(project=project, by=world.member, user=world.outsider)
    # a staff member and a superuser outside the project do not fill the card either
    world.member.is_staff = True
    world.member.save()
    root = UserFactory(username="root", municipality=world.municipality, is_superuser=True, is_staff=True)
    for person in (world.member, root):
        assert not services.can_edit_card(project=project, by=person)
    project.refresh_from_db()
    assert project.title == "Оптимизация выдачи справок"
    assert not ProjectMember.objects.filter(user=world.outsider).exists()
    # the lead still fills it
    form = Block1Form(_block1_data(project, title="Уточнено руководителем"), instance=project)
    assert form.is_valid(), form.errors
    services.card_section_save(project=project, by=world.lead, forms=[form])
    project.refresh_from_db()
    assert project.title == "Уточнено руководителем"


def test_scope_member_cannot_edit_draft_card_over_http(client, world: World):
    project = make_project(world)
    client.force_login(world.member)
    page = client.get(reverse("projects:card", args=[project.pk, "block1"]))
    assert page.status_code == 200 and page.context["can_edit"] is False
    response = client.post(
        reverse("projects:card", args=[project.pk, "block1"]),
        _block1_data(project, title="Переписано членом команды"),
    )
    assert response.status_code == 302
    assert any("руководитель проекта" in e for e in _errors(response))
    team = client.post(
        reverse("projects:card", args=[project.pk, "team"]),
        {
            "team-TOTAL_FORMS": "1",
            "team-INITIAL_FORMS": "0",
            "team-0-user": world.outsider.pk,
            "team-0-kind": "member",
        },
    )
    assert team.status_code == 302 and _errors(team)
    project.refresh_from_db()
    assert project.title == "Оптимизация выдачи справок"
    assert not ProjectMember.objects.filter(project=project, user=world.outsider).exists()


# --- The plan's structure is the lead's; a member edits the activities he executes --------------


def _activity_data(project, *, title, responsible, problems, deadline=None) -> dict:
    return {
        "title": title,
        "problems": [p.pk for p in problems],
        "root_cause": "Нет единого перечня документов",
        "responsible": responsible.pk,
        "deadline": (deadline or project.implementation_start + dt.timedelta(days=20)).isoformat(),
        "expected_result": "Заявитель приходит один раз",
    }


def _save(project, revision, by, data, instance=None):
    """The service on its own: a form that takes whatever the request says (no fields disabled)."""
    form = ActivityForm(
        data, instance=instance, project=project, problems=planning.current_map_problems(project)
    )
    assert form.is_valid(), form.errors
    return planning.activity_save(revision=revision, by=by, form=form)


@pytest.fixture
def drafting(world: World):
    project = advance(make_project(world), world, "plan_drafting")
    revision = planning.plan_start(project=project, by=world.lead)
    problems = list(planning.current_map_problems(project))
    leads = _save(
        project,
        revision,
        world.lead,
        _activity_data(
            project, title="Мероприятие руководителя", responsible=world.lead, problems=problems[:1]
        ),
    )
    members = _save(
        project,
        revision,
        world.lead,
        _activity_data(
            project, title="Мероприятие члена команды", responsible=world.member, problems=problems[1:]
        ),
    )
    return project, revision, leads, members, problems


def test_scope_member_cannot_edit_others_activity(world: World, drafting):
    project, revision, leads, members, problems = drafting
    with pytest.raises(ActionRefused, match="исполняет"):
        _save(
            project,
            revision,
            world.member,
            _activity_data(project, title="Чужое переписано", responsible=world.lead, problems=problems[:1]),
            instance=leads,
        )
    # adding, removing, explaining an uncovered problem and opening the plan are the lead's
    with pytest.raises(ActionRefused):
        _save(
            project,
            revision,
            world.member,
            _activity_data(project, title="Новое", responsible=world.member, problems=problems[:1]),
        )
    with pytest.raises(ActionRefused):
        planning.activity_delete(activity=members, by=world.member)
    with pytest.raises(ActionRefused):
        planning.problem_note_save(revision=revision, by=world.member, problem=problems[0], reason="Не нужно")
    # his own activity: its wording yes, its responsible, deadline and problems no
    later = project.implementation_start + dt.timedelta(days=30)
    for forged in (
        {"responsible": world.lead},
        {"deadline": later},
        {"problems": problems},
    ):
        data = _activity_data(project, title="Своё", responsible=world.member, problems=problems[1:])
        data.update(
            {
                k: (v.pk if k == "responsible" else v.isoformat() if k == "deadline" else [p.pk for p in v])
                for k, v in forged.items()
            }
        )
        with pytest.raises(ActionRefused, match="руководитель проекта"):
            _save(project, revision, world.member, data, instance=Activity.objects.get(pk=members.pk))
    _save(
        project,
        revision,
        world.member,
        _activity_data(project, title="Своё уточнено", responsible=world.member, problems=problems[1:]),
        instance=Activity.objects.get(pk=members.pk),
    )
    leads.refresh_from_db()
    members.refresh_from_db()
    assert leads.title == "Мероприятие руководителя"
    assert (members.title, members.responsible_id) == ("Своё уточнено", world.member.pk)
    assert revision.activities.count() == 2


def test_scope_member_cannot_edit_others_activity_over_http(client, world: World, drafting):
    project, revision, leads, members, problems = drafting
    world.member.is_staff = True  # staff gives no right here
    world.member.save()
    client.force_login(world.member)
    plan = client.get(reverse("projects:plan", args=[project.pk]))
    assert plan.context["editable"] is False and plan.context["editable_ids"] == {members.pk}
    assert plan.context["can_start"] is False

    response = client.post(
        reverse("projects:activity_edit", args=[project.pk, leads.pk]),
        _activity_data(project, title="Чужое переписано", responsible=world.member, problems=problems),
    )
    assert response.status_code == 302 and _errors(response)
    create = client.post(
        reverse("projects:activity_create", args=[project.pk]),
        _activity_data(project, title="Новое", responsible=world.member, problems=problems),
    )
    assert create.status_code == 302 and _errors(create)
    delete = client.post(reverse("projects:activity_edit", args=[project.pk, members.pk]), {"delete": "1"})
    assert delete.status_code == 302 and _errors(delete)

    # his own: the structure fields are shown but not taken from the request
    form_page = client.get(reverse("projects:activity_edit", args=[project.pk, members.pk]))
    assert form_page.context["form"].fields["deadline"].disabled
    later = project.implementation_start + dt.timedelta(days=30)
    own = client.post(
        reverse("projects:activity_edit", args=[project.pk, members.pk]),
        _activity_data(
            project, title="Своё уточнено", responsible=world.lead, problems=problems, deadline=later
        ),
    )
    assert own.status_code == 302 and not _errors(own)
    leads.refresh_from_db()
    members.refresh_from_db()
    assert leads.title == "Мероприятие руководителя"
    assert members.title == "Своё уточнено"
    assert members.responsible_id == world.member.pk and members.deadline != later
    assert set(members.problems.all()) == set(problems[1:])
    assert revision.activities.count() == 2


# --- The coordinator appoints a lead of his own direction (п.8.2) --------------------------------


def test_scope_coordinator_cannot_appoint_lead_from_other_direction(world: World):
    project = make_project(world)
    services.card_submit(project=project, by=world.lead)
    assess_card(project)  # Положение п.14: the assessment comes before the decision
    form = ActForm(act=ACTS["approve_card"], project=project)
    offered = set(form.fields["lead"].queryset)
    assert world.lead in offered and world.other_lead not in offered
    world.coordinator.is_staff = True  # staff gives no wider scope
    world.coordinator.save()
    with pytest.raises(ActionRefused, match="курируемого вами направления"):
        services.card_approve(project=project, by=world.coordinator, lead=world.other_lead)
    project.refresh_from_db()
    assert (project.status, project.lead_id) == (Status.CARD_REVIEW, world.lead.pk)
    # a deputy head of a department of his direction may be appointed
    deputy = UserFactory(
        username="deputy", municipality=world.municipality, department=world.department, roles=[Role.LEAD]
    )
    ProjectMember.objects.create(project=project, user=deputy, team_role="эксперт")  # п.8.2: of the team
    services.card_approve(project=project, by=world.coordinator, lead=deputy)
    project.refresh_from_db()
    assert (project.status, project.lead_id) == (Status.CARD_SIGNING, deputy.pk)


def test_scope_coordinator_cannot_appoint_lead_from_other_direction_over_http(client, world: World):
    project = make_project(world)
    services.card_submit(project=project, by=world.lead)
    assess_card(project)
    client.force_login(world.coordinator)
    page = client.get(reverse("projects:detail", args=[project.pk]))
    act = next(a for a in page.context["acts"] if a["act"].name == "approve_card")
    assert world.other_lead not in set(act["form"].fields["lead"].queryset)
    response = client.post(
        reverse("projects:act", args=[project.pk, "approve_card"]),
        {"lead": world.other_lead.pk, "expected_status": "card_review"},
    )
    assert response.status_code == 302
    assert any("курируемого вами направления" in e for e in _errors(response))
    project.refresh_from_db()
    assert (project.status, project.lead_id) == (Status.CARD_REVIEW, world.lead.pk)


# --- A meeting's invitee reads the meeting, not the project (МР п.4.9г; п.26) --------------------


def test_scope_invitee_sees_only_the_meeting(client, world: World):
    project = make_project(world)
    meeting = Meeting.objects.create(
        project=project,
        kind="kickoff",
        starts_at=timezone.now() + dt.timedelta(days=2),
        place="каб. 210",
        agenda="Цели проекта",
        created_by=world.lead,
    )
    other_meeting = Meeting.objects.create(
        project=project, kind="team", starts_at=timezone.now(), created_by=world.lead
    )
    guest = world.other_lead  # another department, another direction, not in the team
    MeetingParticipant.objects.create(meeting=meeting, user=guest)

    assert not permissions.can_view(project, guest)
    assert not selectors.projects_visible_to(user=guest).filter(pk=project.pk).exists()
    assert permissions.is_meeting_invitee(meeting.pk, guest)

    client.force_login(guest)
    page = client.get(reverse("projects:meeting", args=[project.pk, meeting.pk]))
    assert page.status_code == 200 and page.context["reads_project"] is False
    html = page.content.decode()
    assert project.get_absolute_url() + '"' not in html  # no way into the project from here
    assert reverse("documents:protocol_pdf", args=[project.pk, meeting.pk]) in html
    protocol = client.get(reverse("documents:protocol_pdf", args=[project.pk, meeting.pk]))
    assert protocol.status_code == 200 and protocol["Content-Type"] == "application/pdf"
    confirm = client.post(reverse("projects:meeting_act", args=[project.pk, meeting.pk, "confirm"]))
    assert confirm.status_code == 302 and not _errors(confirm)
    assert meeting.participants.get(user=guest).confirmed_at is not None
    # the dashboard links him there
    home = client.get(reverse("home"))
    assert meeting.get_absolute_url() in home.content.decode()

    # nothing else of the project
    for url in (
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:card", args=[project.pk, "block1"]),
        reverse("projects:meeting", args=[project.pk, other_meeting.pk]),
        reverse("projects:meeting_edit", args=[project.pk, meeting.pk]),
        reverse("documents:card_pdf", args=[project.pk]),
        reverse("documents:protocol_pdf", args=[project.pk, other_meeting.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert project not in client.get(reverse("projects:list")).context["projects"]
    # the meeting is found under its own project only
    elsewhere = make_project(world, title="Другой проект")
    assert client.get(reverse("projects:meeting", args=[elsewhere.pk, meeting.pk])).status_code == 404

    # the team still reads the whole project and every meeting
    client.force_login(world.member)
    member_page = client.get(reverse("projects:meeting", args=[project.pk, meeting.pk]))
    assert member_page.status_code == 200 and member_page.context["reads_project"] is True
