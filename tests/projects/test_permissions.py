"""Each act of the lifecycle is refused for every role and scope that may not take it: a matrix,
not a few samples (Положение п.7–9, 13–29; DESIGN §1)."""

import pytest

from projects import services
from projects.exceptions import ActionRefused
from projects.models import Project
from projects.workflow import ACTS
from tests.factories import make_project

# act -> (state the act starts from, the people who may take it)
MATRIX = {
    "submit_card": ("draft", {"lead"}),
    "return_card": ("card_review", {"coordinator"}),
    "approve_card": ("card_review", {"coordinator"}),
    "reject_card": ("card_review", {"coordinator"}),
    "sign_card": ("card_signing", {"mayor"}),
    "return_card_to_coordinator": ("card_signing", {"mayor"}),
    "complete_current_map": ("current_map", {"lead", "member"}),
    "complete_target_map": ("target_map", {"lead", "member"}),
    "submit_plan": ("plan_drafting", {"lead"}),
    "return_plan": ("plan_review", {"coordinator"}),
    "approve_plan": ("plan_review", {"coordinator"}),
    "resubmit_plan": ("plan_rework", {"lead"}),
    "complete_implementation": ("implementation", {"lead", "member"}),
    "send_report": ("results", {"lead"}),
    "return_report": ("report_review", {"coordinator"}),
    "recommend_closure": ("report_review", {"coordinator"}),
    "close": ("defence", {"mayor"}),
    "return_to_implementation": ("defence", {"mayor"}),
    "suspend": ("current_map", {"coordinator", "mayor"}),
    "resume": ("suspended", {"coordinator", "mayor"}),
}
PEOPLE = [
    "lead",
    "member",
    "outsider",
    "coordinator",
    "other_coordinator",
    "other_lead",
    "mayor",
    "authority",
    "observer",
    "foreign_coordinator",
    "foreign_mayor",
]


def test_every_act_is_in_the_matrix():
    assert set(MATRIX) == set(ACTS)


def _in_state(world, state):
    project = make_project(world)
    Project.objects.filter(pk=project.pk).update(status=state)
    return Project.objects.get(pk=project.pk)


@pytest.mark.parametrize("act", sorted(MATRIX))
def test_act_permission_matrix(world, act):
    state, allowed = MATRIX[act]
    project = _in_state(world, state)
    people = world.people()
    for name in PEOPLE:
        user = people[name]
        method = getattr(project, act)
        assert services._has_perm(method, user) is (name in allowed), (act, name)
        if name not in allowed:
            with pytest.raises(ActionRefused, match="нет на него прав"):
                services.transition_perform(
                    project=project, by=user, action=act, comment="x", lead=world.lead
                )
            project.refresh_from_db()
            assert project.status == state


def test_mayor_may_reject_only_at_signing_and_coordinator_only_at_review(world):
    project = _in_state(world, "card_signing")
    assert not services._has_perm(project.reject_card, world.coordinator)
    assert services._has_perm(project.reject_card, world.mayor)


@pytest.mark.parametrize("act", sorted(MATRIX))
def test_wrong_state_is_refused_with_the_stage_named(world, act):
    state, allowed = MATRIX[act]
    other_state = "closed"
    project = _in_state(world, other_state)
    user = world.people()[sorted(allowed)[0]]
    with pytest.raises(ActionRefused, match="сейчас недоступно"):
        services.transition_perform(project=project, by=user, action=act, comment="x")


def test_visibility_by_role_and_scope(world):
    from projects.permissions import can_view
    from projects.selectors import projects_visible_to

    project = make_project(world)
    expected = {
        "lead": True,
        "member": True,
        "outsider": False,
        "coordinator": True,
        "other_coordinator": False,
        "other_lead": False,
        "mayor": True,
        "authority": True,
        "observer": True,
        "foreign_coordinator": False,
        "foreign_mayor": False,
    }
    for name, user in world.people().items():
        assert can_view(project, user) is expected[name], name
        assert projects_visible_to(user=user).filter(pk=project.pk).exists() is expected[name], name


def test_inactive_user_can_do_nothing(world):
    project = make_project(world)
    world.lead.is_active = False
    world.lead.save()
    with pytest.raises(ActionRefused):
        services.card_submit(project=project, by=world.lead)


def test_a_meeting_participant_reads_the_meeting_not_the_project(world):  # Положение п.26; issue 18
    from projects.models import Meeting, MeetingParticipant
    from projects.permissions import can_view, is_meeting_invitee
    from projects.selectors import meeting_project, projects_visible_to
    from workdays import clock

    project = make_project(world)
    assert not can_view(project, world.other_coordinator)
    meeting = Meeting.objects.create(
        project=project, kind="closing", starts_at=clock.now(), created_by=world.lead
    )
    MeetingParticipant.objects.create(meeting=meeting, user=world.other_coordinator)
    assert is_meeting_invitee(meeting.pk, world.other_coordinator)
    assert meeting_project(user=world.other_coordinator, pk=project.pk, meeting_pk=meeting.pk) == (
        project,
        False,
    )
    assert not can_view(project, world.other_coordinator)
    assert not projects_visible_to(user=world.other_coordinator).filter(pk=project.pk).exists()
