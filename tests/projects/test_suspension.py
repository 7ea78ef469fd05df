"""Issue 19.5: the regulation knows no suspension, so a suspension is only a recorded pause with a
reason and the coordinator's (or the Mayor's) decision; lateness survives it and the clocks resume
with the working days that were left, never from the start."""

import datetime as dt

import pytest

from dashboards.selectors import discipline_total
from projects import services
from projects.choices import Stage, Status
from projects.exceptions import ActionRefused
from tests.factories import advance, make_project
from workdays import clock
from workdays.services import add_working_days, working_days_between

D = dt.date


def _mapping(world, on):
    with clock.frozen_today(on):
        return advance(make_project(world), world, "current_map")


def test_suspension_needs_a_reason_and_the_coordinator(world):  # Положение п.8; issue 19.5
    project = _mapping(world, D(2026, 12, 7))
    with pytest.raises(ActionRefused):
        services.project_suspend(project=project, by=world.lead, comment="Отпуск")
    with pytest.raises(ActionRefused):
        services.project_suspend(project=project, by=world.coordinator, comment="  ")
    services.project_suspend(project=project, by=world.coordinator, comment="Реорганизация подразделения")
    assert project.status == Status.SUSPENDED
    assert project.journal.get(action="suspend").comment.startswith("Реорганизация подразделения")


def test_suspension_resume_continues_with_the_working_days_left(world):  # Положение п.16.1; issue 19.5
    project = _mapping(world, D(2026, 12, 7))
    first = project.deadlines.get(stage=Stage.CURRENT_MAP)
    with clock.frozen_today(D(2026, 12, 14)):
        left = working_days_between(D(2026, 12, 14), first.due_on)
        services.project_suspend(project=project, by=world.coordinator, comment="Реорганизация")
    assert 0 < left < 25
    with clock.frozen_today(D(2027, 2, 1)):
        services.project_resume(project=project, by=world.coordinator)
    assert project.status == Status.CURRENT_MAP
    resumed = project.deadlines.open().get(stage=Stage.CURRENT_MAP)
    assert resumed.started_on == D(2027, 2, 1)
    assert resumed.working_days == left
    assert resumed.due_on == add_working_days(D(2027, 2, 1), left)  # not 25 working days again
    # the paused clock is neither on time nor late: it does not count in discipline
    assert discipline_total(project.deadlines.all())["late"] == 0


def test_suspension_does_not_hide_lateness(world):  # Положение п.16.1; issue 19.5
    project = _mapping(world, D(2026, 12, 7))
    due = project.deadlines.get(stage=Stage.CURRENT_MAP).due_on
    late_day = add_working_days(due, 3)
    with clock.frozen_today(late_day):
        assert discipline_total(project.deadlines.all())["overdue"] == 1
        services.project_suspend(project=project, by=world.coordinator, comment="Реорганизация")
        paused = project.deadlines.get(stage=Stage.CURRENT_MAP)
        assert paused.outcome == "late"
        totals = discipline_total(project.deadlines.all())
        assert (totals["late"], totals["overdue"]) == (1, 0)
    entry = project.journal.get(action="suspend")
    assert "Просрочено на момент приостановки" in entry.comment and due.strftime("%d.%m.%Y") in entry.comment
    with clock.frozen_today(late_day + dt.timedelta(days=30)):
        services.project_resume(project=project, by=world.coordinator)
        paused.refresh_from_db()
        # the same clock runs on, still overdue, counted once
        assert paused.is_open and paused.due_on == due and paused.is_overdue
        totals = discipline_total(project.deadlines.all())
        assert (totals["late"], totals["overdue"]) == (0, 1)
