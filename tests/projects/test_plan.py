"""The action plan (Прил. 3; Положение п.17–24; МР п.6–7): problem coverage, the 3 + 3 working-day
clocks, revisions with a protocol and consent, the kanban board, meetings, the move to results."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from projects import planning, services
from projects.choices import ActivityStatus, RevisionStatus, Status
from projects.exceptions import ActionRefused
from projects.forms import ActivityForm
from projects.models import Activity, Meeting
from tests.factories import advance, make_project
from workdays import clock

D = dt.date


def _add(project, revision, user, *, problems, title="Мероприятие", deadline=None, responsible=None):
    form = ActivityForm(
        {
            "title": title,
            "problems": [p.pk for p in problems],
            "root_cause": "Нет единого перечня документов",
            "responsible": (responsible or project.lead).pk,
            "deadline": (deadline or project.implementation_start + dt.timedelta(days=20)).isoformat(),
            "expected_result": "Заявитель приходит один раз",
        },
        project=project,
        problems=planning.current_map_problems(project),
    )
    assert form.is_valid(), form.errors
    return planning.activity_save(revision=revision, by=user, form=form)


def plan_drafting(world):
    project = advance(make_project(world), world, "plan_drafting")
    revision = planning.plan_start(project=project, by=world.lead)
    return project, revision


def full_plan(world):
    project, revision = plan_drafting(world)
    problems = list(planning.current_map_problems(project))
    assert problems, "the maps built by advance() must have problems"
    for n, problem in enumerate(problems, start=1):
        _add(
            project,
            revision,
            world.lead,
            problems=[problem],
            title=f"Мероприятие {n}",
            responsible=world.member if n % 2 else world.lead,
        )
    return project, revision


def test_plan_cannot_be_submitted_while_a_problem_is_uncovered(world):  # Положение п.17; МР п.6
    project, revision = plan_drafting(world)
    problems = list(planning.current_map_problems(project))
    _add(project, revision, world.lead, problems=problems[:1])
    with pytest.raises(ActionRefused) as refusal:
        services.transition_perform(project=project, by=world.lead, action="submit_plan")
    assert f"Проблема № {problems[-1].number}" in " ".join(refusal.value.details)
    for problem in problems[1:]:
        planning.problem_note_save(
            revision=revision,
            by=world.lead,
            problem=problem,
            reason="Решена изменением регламента вне проекта",
        )
    services.transition_perform(project=project, by=world.lead, action="submit_plan")
    assert project.status == Status.PLAN_REVIEW


def test_the_3_plus_3_working_day_clocks(world):  # Положение п.19–20
    with clock.frozen_today(D(2025, 10, 30)):
        project, revision = full_plan(world)
        services.transition_perform(project=project, by=world.lead, action="submit_plan")
        review = project.deadlines.open().get()
        assert (review.stage, review.due_on) == ("plan_review", D(2025, 11, 5))  # 31.10, 1.11 (working), 5.11
        revision.refresh_from_db()
        assert revision.status == RevisionStatus.SUBMITTED
    with clock.frozen_today(D(2025, 11, 5)):
        services.transition_perform(
            project=project, by=world.coordinator, action="return_plan", comment="Уточните сроки"
        )
        rework = project.deadlines.open().get()
        assert (rework.stage, rework.due_on) == ("plan_rework", D(2025, 11, 10))
        revision.refresh_from_db()
        assert revision.status == RevisionStatus.DRAFT and revision.decision_comment == "Уточните сроки"
        services.transition_perform(project=project, by=world.lead, action="resubmit_plan")
        services.transition_perform(project=project, by=world.coordinator, action="approve_plan")
    assert project.status == Status.IMPLEMENTATION
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED
    assert project.journal.get(action="approve_plan").snapshot["activities"]


def test_activity_bad_input_is_answered_next_to_the_field(world):
    project, revision = plan_drafting(world)
    form = ActivityForm(
        {"title": "X", "responsible": world.outsider.pk, "deadline": "2099-01-01", "expected_result": "Y"},
        project=project,
        problems=planning.current_map_problems(project),
    )
    assert not form.is_valid()
    assert "responsible" in form.errors  # outsider is not in the team
    form = ActivityForm(
        {"title": "X", "responsible": world.member.pk, "deadline": "2099-01-01", "expected_result": "Y"},
        project=project,
        problems=planning.current_map_problems(project),
    )
    assert not form.is_valid()
    assert "периода внедрения" in form.errors["deadline"][0]


def implementing(world):
    project, revision = full_plan(world)
    services.transition_perform(project=project, by=world.lead, action="submit_plan")
    services.transition_perform(project=project, by=world.coordinator, action="approve_plan")
    revision.refresh_from_db()
    return project, revision


def _team_meeting(project, world, *, on, approved=True):
    meeting = Meeting.objects.create(
        project=project,
        kind="team",
        starts_at=clock.now().replace(year=on.year, month=on.month, day=on.day),
        held=True,
        decisions="Перенести срок мероприятия 1",
        created_by=world.lead,
    )
    if approved:
        meeting = services.meeting_protocol_approve(meeting=meeting, by=world.lead)
    return meeting


def test_revision_needs_a_protocol_and_consent(world):  # Положение п.22–23
    project, revision = implementing(world)
    with pytest.raises(ActionRefused, match="протокол"):
        planning.revision_start(project=project, by=world.lead, reason="Перенос срока", meeting=None)
    meeting = _team_meeting(project, world, on=clock.today(), approved=False)
    with pytest.raises(ActionRefused, match="не утверждён"):
        planning.revision_start(project=project, by=world.lead, reason="Перенос срока", meeting=meeting)
    meeting = services.meeting_protocol_approve(meeting=meeting, by=world.lead)
    first = revision.activities.get(number=1)
    planning.activity_move(activity=first, by=world.member, to="doing", expected_version=0)

    new = planning.revision_start(project=project, by=world.lead, reason="Перенос срока", meeting=meeting)
    moved = new.activities.get(number=1)
    Activity.objects.filter(pk=moved.pk).update(deadline=moved.deadline + dt.timedelta(days=7))
    with pytest.raises(ActionRefused):
        planning.revision_submit(revision=new, by=world.member)
    planning.revision_submit(revision=new, by=world.lead)
    with pytest.raises(ActionRefused):
        planning.revision_decide(revision=new, by=world.other_coordinator, approve=True)
    planning.revision_decide(revision=new, by=world.coordinator, approve=True)

    revision.refresh_from_db()
    new.refresh_from_db()
    assert revision.status == RevisionStatus.SUPERSEDED and new.status == RevisionStatus.APPROVED
    assert planning.current_revision(project) == new
    assert new.activities.get(number=1).status == ActivityStatus.DOING  # progress carried over
    diff = planning.revision_diff(new)
    assert diff["previous"] == revision
    assert [d["field"] for d in diff["changed"][0]["diffs"]] == ["срок"]
    assert revision.activities.get(number=1).deadline == first.deadline  # the old revision stays readable


def test_rejected_revision_leaves_the_plan_as_it_was(world):
    project, revision = implementing(world)
    meeting = _team_meeting(project, world, on=clock.today())
    new = planning.revision_start(
        project=project, by=world.lead, reason="Исключить мероприятие", meeting=meeting
    )
    dropped = new.activities.get(number=1)
    problem = dropped.problems.get()
    planning.activity_delete(activity=dropped, by=world.lead)
    with pytest.raises(ActionRefused, match=f"Проблема № {problem.number}"):
        planning.revision_submit(revision=new, by=world.lead)
    planning.problem_note_save(
        revision=new, by=world.lead, problem=problem, reason="Решено приказом вне плана"
    )
    planning.revision_submit(revision=new, by=world.lead)
    with pytest.raises(ActionRefused, match="почему"):
        planning.revision_decide(revision=new, by=world.coordinator, approve=False)
    planning.revision_decide(revision=new, by=world.coordinator, approve=False, comment="Мероприятие нужно")
    assert planning.current_revision(project) == revision


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("member", True), ("lead", True), ("outsider", False), ("coordinator", False), ("mayor", False)],
)
def test_who_may_move_a_card(world, who, allowed):  # Положение п.21
    project, revision = implementing(world)
    card = revision.activities.get(responsible=world.member, number=1)
    user = getattr(world, who)
    if allowed:
        planning.activity_move(activity=card, by=user, to="doing", expected_version=0)
        card.refresh_from_db()
        assert card.status == "doing"
    else:
        with pytest.raises(ActionRefused, match="меняют ответственный"):
            planning.activity_move(activity=card, by=user, to="doing", expected_version=0)


def test_second_mover_sees_who_moved_the_card(world):
    project, revision = implementing(world)
    card = revision.activities.get(number=1)
    planning.activity_move(activity=card, by=world.lead, to="doing", expected_version=0)
    with pytest.raises(ActionRefused, match="уже переместил"):
        planning.activity_move(activity=card, by=world.member, to="todo", expected_version=0)


def test_done_needs_evidence_and_a_past_date(world):
    project, revision = implementing(world)
    card = revision.activities.get(number=1)
    with pytest.raises(ActionRefused, match="опишите результат"):
        planning.activity_move(activity=card, by=world.lead, to="done", expected_version=0)
    with pytest.raises(ActionRefused, match="будущем"):
        planning.activity_move(
            activity=card,
            by=world.lead,
            to="done",
            expected_version=0,
            done_on=clock.today() + dt.timedelta(days=1),
            evidence="Готово",
        )


def test_overdue_column_is_computed(world):
    project, revision = implementing(world)
    card = revision.activities.get(number=1)
    with clock.frozen_today(card.deadline + dt.timedelta(days=1)):
        assert card.column == "overdue"
        assert card in planning.board(activities=revision.activities.all())["overdue"]


def test_last_activity_done_moves_to_results_with_25_working_days(world):  # Положение п.24
    project, revision = implementing(world)
    acts = list(revision.activities.order_by("number"))
    with clock.frozen_today(D(2026, 12, 25)):
        for act in acts[:-1]:
            planning.activity_move(
                activity=act,
                by=world.lead,
                to="done",
                expected_version=0,
                evidence="Сделано",
                done_on=D(2026, 12, 21),
            )
        project.refresh_from_db()
        assert project.status == Status.IMPLEMENTATION
        planning.activity_move(
            activity=acts[-1],
            by=world.lead,
            to="done",
            expected_version=0,
            done_on=D(2026, 12, 24),
            evidence="Регламент утверждён",
        )
    project.refresh_from_db()
    assert project.status == Status.RESULTS
    results = project.deadlines.get(stage="results")
    assert results.started_on == D(2026, 12, 24)
    # 25, 28, 29, 30 December; 31.12.2026 and 1–10 January 2027 off; then 21 more working days
    assert results.due_on == D(2027, 2, 8)


TOMSK = ZoneInfo("Asia/Tomsk")


@pytest.mark.parametrize(
    "held_at",
    [
        dt.datetime(2026, 12, 10, 23, 30, tzinfo=TOMSK),  # 16:30 UTC on the 10th
        dt.datetime(2026, 12, 10, 0, 30, tzinfo=TOMSK),  # 17:30 UTC on the 9th: UTC date is a day earlier
    ],
    ids=["late-evening", "just-after-midnight"],
)
def test_meeting_gap_warning_after_14_days(world, held_at):  # Положение п.21; issue 19.7
    """The gap is counted in the municipality's dates at instants just before and after local
    midnight (17:00 UTC), so the test holds whatever the hour it runs at."""
    project, revision = implementing(world)
    Meeting.objects.create(
        project=project, kind="team", starts_at=held_at, held=True, decisions="—", created_by=world.lead
    )
    fourteenth = dt.datetime.combine(D(2026, 12, 24), dt.time(23, 50), tzinfo=TOMSK)  # 16:50 UTC
    with time_machine.travel(fourteenth, tick=False):
        assert planning.meeting_gap_days(project) == (D(2026, 12, 24) - held_at.date()).days
        if held_at.day == 10:
            assert planning.meeting_gap_warning(project) == ""
    fifteenth = dt.datetime.combine(D(2026, 12, 25), dt.time(0, 10), tzinfo=TOMSK)  # 17:10 UTC on the 24th
    with time_machine.travel(fifteenth, tick=False):
        days = (D(2026, 12, 25) - held_at.date()).days
        assert planning.meeting_gap_days(project) == days
        assert f"{days} дней" in planning.meeting_gap_warning(project)


def test_indicator_actuals_and_chart(client, world):  # МР п.7
    project, revision = implementing(world)
    indicator = project.indicators.get(order=1)
    client.force_login(world.member)
    response = client.post(
        reverse("projects:indicators", args=[project.pk]),
        {
            "indicator": indicator.pk,
            "measured_on": clock.today().isoformat(),
            "value": "7,5",
            "source": "Журнал",
        },
    )
    assert response.status_code == 302
    assert indicator.actuals.get().value == 7.5
    html = client.get(reverse("projects:indicators", args=[project.pk])).content.decode()
    assert "<svg" in html and "7,5" in html
    response = client.post(
        reverse("projects:indicators", args=[project.pk]),
        {"indicator": indicator.pk, "measured_on": "2099-01-01", "value": "abc", "source": "Журнал"},
    )
    assert "Введите число" in response.content.decode()


def test_pages_of_the_plan(client, world):
    project, revision = implementing(world)
    client.force_login(world.member)
    for name in ["projects:plan", "projects:board", "projects:indicators"]:
        assert client.get(reverse(name, args=[project.pk])).status_code == 200
    assert client.get(reverse("projects:plan_revision", args=[project.pk, 1])).status_code == 200
    html = client.get(reverse("projects:my_activities")).content.decode()
    assert "Мероприятие 1" in html
    client.force_login(world.other_coordinator)
    assert client.get(reverse("projects:board", args=[project.pk])).status_code == 404


def test_board_moves_through_the_page(client, world):
    project, revision = implementing(world)
    card = revision.activities.get(number=1)
    client.force_login(world.member)
    client.post(reverse("projects:activity_move", args=[card.pk]), {"to": "doing", "version": 0})
    card.refresh_from_db()
    assert card.status == "doing"
    response = client.post(
        reverse("projects:activity_move", args=[card.pk]), {"to": "todo", "version": 0}, follow=True
    )
    assert "уже переместил" in response.content.decode()


def test_board_queries_do_not_grow(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project, revision = implementing(world)
    client.force_login(world.lead)
    url = reverse("projects:board", args=[project.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(6):
        Activity.objects.create(
            revision=revision,
            number=50 + n,
            title=f"Доп. {n}",
            responsible=world.lead,
            deadline=project.implementation_start,
            expected_result="—",
        )
    with CaptureQueriesContext(connection) as big:
        client.get(url)
    assert len(big.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize("page", ["projects:detail", "projects:indicators"])
def test_project_and_indicator_pages_do_not_grow_with_activities_and_indicators(client, world, page):
    """N+1s found by bench/queries.py: the plan panel fetched each activity's revision, the
    indicators page read the signature date once per indicator."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project, revision = implementing(world)
    client.force_login(world.lead)
    url = reverse(page, args=[project.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(6):
        Activity.objects.create(
            revision=revision,
            number=50 + n,
            title=f"Доп. {n}",
            responsible=world.lead,
            deadline=project.implementation_start,
            expected_result="—",
        )
        project.indicators.create(
            name=f"Показатель {n}",
            unit="дн",
            current_value=10,
            target_value=5,
            direction="decrease",
            order=50 + n,
        )
    with CaptureQueriesContext(connection) as big:
        client.get(url)
    assert len(big.captured_queries) == len(small.captured_queries)


def test_a_revision_decision_with_a_nul_in_its_comment_is_a_message(client, world):
    """PostgreSQL cannot store a NUL: the comment goes through a form, the revision waits (issue 13)."""
    project, _revision = implementing(world)
    meeting = _team_meeting(project, world, on=clock.today())
    new = planning.revision_start(project=project, by=world.lead, reason="Перенос срока", meeting=meeting)
    planning.revision_submit(revision=new, by=world.lead)
    client.force_login(world.coordinator)
    url = reverse("projects:plan_revision_act", args=[project.pk, new.number, "reject"])
    response = client.post(url, {"comment": "нет\x00"}, follow=True)
    assert "Решение не записано: комментарий" in response.content.decode()
    new.refresh_from_db()
    assert new.status == RevisionStatus.PENDING


def test_the_board_returns_only_to_a_page_of_this_site(client, world):
    project, revision = implementing(world)
    card = revision.activities.get(number=1)
    client.force_login(world.member)
    move = reverse("projects:activity_move", args=[card.pk])
    response = client.post(move, {"to": "doing", "version": 0, "back": "//evil.example/board"})
    assert response["Location"] == reverse("projects:board", args=[project.pk])
    response = client.post(move, {"to": "todo", "version": 1, "back": "/projects/activities/mine/"})
    assert response["Location"] == "/projects/activities/mine/"


@pytest.mark.parametrize("typed", ["²" * 19, "9" * 30, "-" + "9" * 25])
def test_an_id_no_database_can_hold_is_a_wrong_choice(world, typed):
    """Superscript digits are digits to str.isdigit() but not to int() (review, issue 13)."""
    from projects.forms import IndicatorActualForm

    project, _revision = implementing(world)
    form = IndicatorActualForm(
        {"indicator": typed, "measured_on": clock.today().isoformat(), "value": "1", "source": "Журнал"},
        project=project,
    )
    assert not form.is_valid()
    assert "Выберите корректный вариант" in " ".join(form.errors["indicator"])
