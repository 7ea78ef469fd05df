"""Issue 19.4, Положение п.21: overdue plan activities and a team that has not met for more than
14 days are reminded by the same daily scan as the statutory clocks — once per item and day, in the
notification list, escalated to the coordinator."""

import datetime as dt

from notifications.choices import Kind
from notifications.models import Notification, Reminder
from projects.models import Activity, Meeting
from tests.projects.test_plan import implementing
from workdays import clock

from .conftest import scan

D = dt.date
START = D(2026, 12, 1)  # the plan is approved on Tuesday 01.12.2026


def _implementing(world):
    with clock.frozen_today(START):
        project, revision = implementing(world)
    activities = list(revision.activities.order_by("number"))
    # One activity executed by the team member, due Friday 11.12.2026; the others far away.
    first = activities[0]
    Activity.objects.filter(pk=first.pk).update(responsible=world.member, deadline=D(2026, 12, 11))
    Activity.objects.filter(revision=revision).exclude(pk=first.pk).update(deadline=D(2027, 3, 1))
    return project, first


def test_overdue_activity_reminds_executor_and_lead_then_coordinator(world, mailoutbox):  # Положение п.21
    project, activity = _implementing(world)
    # a team meeting held yesterday keeps the meeting-gap reminders out of this test
    Meeting.objects.create(
        project=project, kind="team", starts_at=clock.now(), held=True, decisions="—", created_by=world.lead
    )
    with clock.frozen_today(D(2026, 12, 9)):
        Meeting.objects.filter(project=project).update(starts_at=clock.now())

    scan(D(2026, 12, 9))  # 2 working days before: nothing yet (3 and 1 are the reminder days)
    scan(D(2026, 12, 10))  # 1 working day before: the executor only
    coming = Notification.objects.filter(reminder__source="activity", kind=Kind.COMING)
    assert {n.recipient for n in coming} == {world.member}
    assert "Мероприятие плана № 1" in coming.get().what

    scan(D(2026, 12, 14))  # first overdue working day: executor and lead
    overdue = Notification.objects.filter(reminder__source="activity", kind=Kind.OVERDUE)
    assert {n.recipient for n in overdue} == {world.member, world.lead}
    assert not Notification.objects.filter(reminder__source="activity", kind=Kind.ESCALATION).exists()

    scan(D(2026, 12, 14))  # the scan runs again the same day: nothing twice
    assert Reminder.objects.filter(source="activity", day=D(2026, 12, 14)).count() == 1
    assert overdue.count() == 2

    scan(D(2026, 12, 18))  # overdue by 5 working days: not a reminder day
    assert not Notification.objects.filter(
        reminder__source="activity", reminder__day=D(2026, 12, 18)
    ).exists()
    scan(D(2026, 12, 21))  # overdue by 6: the repeat — and the coordinator is told too
    escalated = Notification.objects.filter(reminder__source="activity", kind=Kind.ESCALATION)
    assert {n.recipient for n in escalated} == {world.coordinator}
    assert any(world.coordinator.email in m.to for m in mailoutbox)

    Activity.objects.filter(pk=activity.pk).update(status="done", done_on=D(2026, 12, 21))
    scan(D(2026, 12, 28))  # the next repeat day: the activity is done, nobody is reminded
    assert not Notification.objects.filter(
        reminder__source="activity", reminder__day=D(2026, 12, 28)
    ).exists()


def test_meeting_gap_over_14_days_reminds_the_lead_then_the_coordinator(world):  # Положение п.21
    project, _activity = _implementing(world)
    Activity.objects.filter(revision__project=project).update(deadline=D(2027, 3, 1))
    # No team meeting since the plan was approved on 01.12.2026: the next is due 15.12.2026.
    scan(D(2026, 12, 14))
    coming = Notification.objects.filter(reminder__source="meeting_gap")
    assert {(n.recipient, n.kind) for n in coming} == {(world.lead, Kind.COMING)}
    assert coming.get().due_on == D(2026, 12, 15)
    assert "01.12.2026" in coming.get().note

    scan(D(2026, 12, 16))  # a day late: the lead
    late = Notification.objects.filter(reminder__source="meeting_gap", kind=Kind.OVERDUE)
    assert {n.recipient for n in late} == {world.lead}
    scan(D(2026, 12, 23))  # six working days late, the first repeat: the coordinator as well
    assert {
        n.recipient for n in Notification.objects.filter(reminder__source="meeting_gap", kind=Kind.ESCALATION)
    } == {world.coordinator}

    # A team meeting is held: the clock starts again from its local date, nothing more is overdue.
    with clock.frozen_today(D(2026, 12, 24)):
        Meeting.objects.create(
            project=project,
            kind="team",
            starts_at=clock.now(),
            held=True,
            decisions="—",
            created_by=world.lead,
        )
    scan(D(2026, 12, 30))  # the next meeting is due 07.01.2027, in the holidays: due on the last working day
    after = Notification.objects.filter(reminder__source="meeting_gap", reminder__day=D(2026, 12, 30))
    assert {(n.kind, n.due_on) for n in after} == {(Kind.DUE, D(2027, 1, 7))}
