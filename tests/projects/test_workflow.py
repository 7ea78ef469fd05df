"""The lifecycle of Положение п.10–29 as a state machine: the path, the returns, the journal and the
statutory clocks."""

import datetime as dt

import pytest

from org.choices import Role
from projects import services
from projects.choices import Status
from projects.exceptions import ActionRefused
from projects.models import Deadline, JournalEntry, ProjectMember
from tests.factories import advance, assess_card, make_project
from workdays import clock

D = dt.date


def test_path_from_draft_to_current_map(world):  # Положение п.13–16
    with clock.frozen_today(D(2025, 10, 29)):
        project = make_project(world)
        assert project.status == Status.DRAFT
        services.card_submit(project=project, by=world.lead)
        assert project.status == Status.CARD_REVIEW
        review = project.deadlines.get(stage="card_review")
        # 10 working days after 29.10.2025 across the working Saturday 1.11 and the holidays 3–4.11
        assert review.due_on == D(2025, 11, 13)
        assert review.clause == "Положение п.14"

    with clock.frozen_today(D(2025, 11, 12)):
        assess_card(project)
        services.card_approve(project=project, by=world.coordinator, lead=world.lead)
        assert project.status == Status.CARD_SIGNING
        review.refresh_from_db()
        assert review.done_on == D(2025, 11, 12) and review.outcome == "on_time"
        assert project.coordinator == world.coordinator

    with clock.frozen_today(D(2025, 11, 14)):
        services.card_sign(project=project, by=world.mayor)
        assert project.status == Status.CURRENT_MAP
        current_map = project.deadlines.get(stage="current_map")
        assert current_map.started_on == D(2025, 11, 14)
        # п.16.1: 25 working days after the signature
        assert current_map.due_on == D(2025, 12, 19)

    actions = list(project.journal.values_list("action", "from_status", "to_status"))
    assert actions == [
        ("create", "", "draft"),
        ("criteria_p12", "", ""),
        ("submit_card", "draft", "card_review"),
        ("criteria_p14", "", ""),
        ("approve_card", "card_review", "card_signing"),
        ("sign_card", "card_signing", "current_map"),
    ]
    signed = project.journal.get(action="sign_card")
    assert signed.actor == world.mayor
    assert signed.snapshot["indicators"][0]["target_value"] == "5"


def test_coordinator_return_then_resubmit(world):  # Положение п.14
    project = make_project(world)
    services.card_submit(project=project, by=world.lead)
    assess_card(project)
    services.card_return(project=project, by=world.coordinator, comment="Уточните целевые показатели")
    assert project.status == Status.DRAFT
    entry = project.journal.get(action="return_card")
    assert entry.comment == "Уточните целевые показатели"
    assert project.deadlines.get(stage="card_review").done_on is not None
    services.card_submit(project=project, by=world.lead)
    assert project.status == Status.CARD_REVIEW
    assert project.deadlines.filter(stage="card_review").count() == 2
    assert project.deadlines.open().count() == 1


def test_return_needs_a_comment(world):
    project = make_project(world)
    services.card_submit(project=project, by=world.lead)
    with pytest.raises(ActionRefused, match="нужен комментарий"):
        assess_card(project)
        services.card_return(project=project, by=world.coordinator, comment="  ")
    project.refresh_from_db()
    assert project.status == Status.CARD_REVIEW


def test_mayor_returns_card_to_coordinator(world):  # Положение п.15
    project = advance(make_project(world), world, "card_signing")
    services.card_return_to_coordinator(project=project, by=world.mayor, comment="Уточнить эффект")
    assert project.status == Status.CARD_REVIEW
    assert project.deadlines.open().get().stage == "card_review"


@pytest.mark.parametrize(("stage", "who"), [("card_review", "coordinator"), ("card_signing", "mayor")])
def test_rejection_not_selected(world, stage, who):  # Положение п.8.1
    project = advance(make_project(world), world, stage)
    if stage == "card_review":
        assess_card(project)
    services.card_reject(
        project=project, by=getattr(world, who), comment="Процесс не носит постоянного характера (п.12.3)"
    )
    assert project.status == Status.REJECTED
    assert not project.deadlines.open().exists()


def test_suspend_and_resume_returns_to_the_same_stage(world):
    project = advance(make_project(world), world, "current_map")
    services.project_suspend(project=project, by=world.coordinator, comment="Реорганизация подразделения")
    assert project.status == Status.SUSPENDED
    assert project.deadlines.get(stage="current_map").cancelled_on is not None
    services.project_resume(project=project, by=world.mayor)
    assert project.status == Status.CURRENT_MAP
    assert project.deadlines.open().get().stage == "current_map"


def test_incomplete_card_cannot_be_submitted(world):  # МР п.4.5
    project = make_project(world, filled=False)
    with pytest.raises(ActionRefused) as refusal:
        services.card_submit(project=project, by=world.lead)
    details = " ".join(refusal.value.details)
    assert "заказчик процесса" in details
    assert "целевого показателя" in details
    project.refresh_from_db()
    assert project.status == Status.DRAFT
    assert not JournalEntry.objects.filter(project=project, action="submit_card").exists()


def test_indicator_without_numbers_blocks_submission(world):
    project = make_project(world)
    project.indicators.update(target_value=None)
    with pytest.raises(ActionRefused) as refusal:
        services.card_submit(project=project, by=world.lead)
    assert "числовые текущее и целевое" in " ".join(refusal.value.details)


def test_the_same_act_twice_makes_one_transition(world):
    project = make_project(world)
    services.transition_perform(project=project, by=world.lead, action="submit_card", expected_status="draft")
    with pytest.raises(ActionRefused, match="уже выполнил"):
        services.transition_perform(
            project=project, by=world.lead, action="submit_card", expected_status="draft"
        )
    assert project.journal.filter(action="submit_card").count() == 1


def test_coordinator_appoints_another_lead(world):  # Положение п.8.2
    from tests.factories import DepartmentFactory, UserFactory

    neighbour = DepartmentFactory(municipality=world.municipality, direction=world.direction)
    head = UserFactory(
        username="neighbour", municipality=world.municipality, department=neighbour, roles=[Role.LEAD]
    )
    project = make_project(world)
    ProjectMember.objects.create(project=project, user=world.other_lead, team_role="эксперт")
    services.card_submit(project=project, by=world.lead)
    ProjectMember.objects.create(project=project, user=head, team_role="эксперт")
    assess_card(project)
    services.card_approve(project=project, by=world.coordinator, lead=head)
    assert project.lead == head


def test_only_a_department_head_may_be_appointed(world):
    project = make_project(world)
    services.card_submit(project=project, by=world.lead)
    with pytest.raises(ActionRefused, match="руководитель подразделения"):
        assess_card(project)
        services.card_approve(project=project, by=world.coordinator, lead=world.member)
    project.refresh_from_db()
    assert project.status == Status.CARD_REVIEW


def test_late_review_is_recorded_as_late(world):  # discipline per stage
    with clock.frozen_today(D(2026, 2, 2)):
        project = make_project(world)
        services.card_submit(project=project, by=world.lead)
    with clock.frozen_today(D(2026, 2, 20)):
        deadline = project.deadlines.get()
        assert deadline.days_left() < 0
        assert deadline.is_overdue
        assess_card(project)
        services.card_approve(project=project, by=world.coordinator)
    deadline.refresh_from_db()
    assert deadline.outcome == "late"


def test_days_left_counts_working_days(world):
    with clock.frozen_today(D(2025, 12, 25)):
        project = make_project(world)
        services.card_submit(project=project, by=world.lead)
        deadline = project.deadlines.get()
        assert deadline.due_on == D(2026, 1, 20)
        assert deadline.days_left() == 10
    with clock.frozen_today(D(2026, 1, 9)):  # still the New Year holidays
        assert deadline.days_left() == 7


def test_deadline_in_an_unconfirmed_year_is_flagged(world):
    from workdays.models import CalendarYear

    CalendarYear.objects.filter(year=2027).update(confirmed=False)
    from workdays.services import clear_cache

    clear_cache()
    with clock.frozen_today(D(2027, 3, 1)):
        project = make_project(world)
        services.card_submit(project=project, by=world.lead)
    assert project.deadlines.get().unconfirmed_calendar


def test_journal_rows_are_immutable(world):
    from django.core.exceptions import PermissionDenied

    project = make_project(world)
    entry = project.journal.first()
    entry.comment = "подделка"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()


def test_every_deadline_has_a_clause(world):
    project = advance(make_project(world), world, "current_map")
    assert set(Deadline.objects.filter(project=project).values_list("clause", flat=True)) == {
        "Положение п.14",
        "Положение п.15",
        "Положение п.16.1",
    }
