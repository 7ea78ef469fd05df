"""The kick-off meeting ends the initiation (Положение п.10.1; МР п.4.9): after the Mayor's signature
the project cannot finish its current-state map until the kick-off is held and its protocol, recording
the decision to initiate the project, is approved; the project page shows it as the next step."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from projects import services
from projects.choices import Status
from projects.exceptions import ActionRefused
from projects.forms import MeetingForm
from projects.models import Meeting
from tests.factories import advance, ensure_current_map, hold_kickoff, make_project
from workdays import clock


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _signed(world):
    project = advance(make_project(world), world, "current_map")
    ensure_current_map(project, by=world.lead)
    return project


def _complete(project, world):
    return services.transition_perform(project=project, by=world.lead, action="complete_current_map")


def test_p10_1_mr_4_9_current_map_not_completed_without_a_kickoff_meeting(client, world):
    project = _signed(world)
    with pytest.raises(ActionRefused) as refused:
        _complete(project, world)
    assert "Установочное совещание не проведено" in " ".join(refused.value.details)
    assert "п.10.1" in " ".join(refused.value.details)

    # the same refusal through the page, and the project stays where it was
    client.force_login(world.lead)
    response = client.post(
        reverse("projects:act", args=[project.pk, "complete_current_map"]),
        {"expected_status": "current_map"},
        follow=True,
    )
    assert "Установочное совещание не проведено" in _messages(response)
    project.refresh_from_db()
    assert project.status == Status.CURRENT_MAP
    assert not project.journal.filter(action="complete_current_map").exists()


def test_p10_1_mr_4_9_kickoff_scheduled_or_unapproved_does_not_count(world):
    project = _signed(world)
    # scheduled for tomorrow, not held yet
    tomorrow = timezone.localtime(clock.now() + dt.timedelta(days=1))
    form = MeetingForm({"kind": "kickoff", "starts_at": tomorrow.strftime("%Y-%m-%dT%H:%M")}, project=project)
    assert form.is_valid(), form.errors
    meeting = services.meeting_save(project=project, by=world.lead, form=form, participants=[])
    with pytest.raises(ActionRefused) as refused:
        _complete(project, world)
    assert "не отмечено проведённым" in " ".join(refused.value.details)

    # held, the protocol written but not approved
    held = hold_kickoff(project, approve=False)
    Meeting.objects.filter(pk=meeting.pk).delete()
    with pytest.raises(ActionRefused) as refused:
        _complete(project, world)
    assert f"Протокол установочного совещания № {held.number} не утверждён" in " ".join(refused.value.details)

    # approved by the chair: the current-state map is done
    services.meeting_protocol_approve(meeting=held, by=world.lead)
    _complete(project, world)
    project.refresh_from_db()
    assert project.status == Status.TARGET_MAP


def test_p10_1_mr_4_9_kickoff_protocol_needs_the_decision_to_initiate(world):
    project = _signed(world)
    at = timezone.localtime(clock.now() - dt.timedelta(hours=2))
    form = MeetingForm(
        {
            "kind": "kickoff",
            "starts_at": at.strftime("%Y-%m-%dT%H:%M"),
            "held": "on",
            "decisions": "Обсудили карточку",
        },
        project=project,
    )
    assert form.is_valid(), form.errors
    meeting = services.meeting_save(project=project, by=world.lead, form=form, participants=[])
    with pytest.raises(ActionRefused) as refused:
        _complete(project, world)
    assert "не отражено решение об инициации" in " ".join(refused.value.details)
    with pytest.raises(ActionRefused, match="решение об инициации"):
        services.meeting_protocol_approve(meeting=meeting, by=world.lead)


def test_p10_1_mr_4_9_kickoff_is_the_next_step_on_the_project_page_from_the_signature(client, world):
    project = advance(make_project(world), world, "card_signing")
    client.force_login(world.lead)
    assert (
        "Следующий шаг: установочное совещание" not in client.get(project.get_absolute_url()).content.decode()
    )

    services.card_sign(project=project, by=world.mayor)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Следующий шаг: установочное совещание" in page
    assert reverse("projects:meeting_create", args=[project.pk]) + "?kind=kickoff" in page
    # the act shows what blocks it
    assert "Установочное совещание не проведено" in page

    hold_kickoff(project)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Следующий шаг: установочное совещание" not in page


def test_p10_1_p10_5_demo_projects_past_the_start_have_the_kickoff_and_surveys(db):
    """The demo (org.demo, projects.demo) walks every project through the services: each one past
    its current-state map has an approved kick-off, each one past its target map a closed survey «до»
    or a waiver, the closed one a closed survey «после» or a waiver (Положение п.10.1, 10.5)."""
    from org import demo as org_demo
    from projects import demo
    from projects.kickoff import kickoff_done
    from projects.models import Project
    from surveys.rules import survey_held_or_waived

    org_demo.build()
    demo.build()
    past_current = Project.objects.exclude(
        status__in=["draft", "card_review", "card_signing", "rejected", "current_map"]
    )
    assert past_current.exists()
    for project in past_current:
        assert kickoff_done(project), project
        if project.status != "target_map":
            assert survey_held_or_waived(project, "initiation"), project
    closed = Project.objects.filter(status="closed")
    assert closed.exists()
    for project in closed:
        assert survey_held_or_waived(project, "closure"), project
