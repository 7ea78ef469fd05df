"""Results, defence and closure (Положение п.24–29; Прил. 4; МР п.8): the degree of achievement, the
report and its conditions, the path results → report_review → defence → closed with each return, who
may close, the closing meeting, photos and acts, the pages."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from notifications.services import mail_deliver_pending
from projects import planning, results, services
from projects.choices import Achievement, ReportStatus, Status
from projects.exceptions import ActionRefused
from projects.forms import ActivityForm
from projects.forms_results import IndicatorResultFormSet, ReportForm
from projects.models import Closure, IndicatorResult, Meeting, ResultPhoto, ResultsReport
from tests.factories import advance, hold_defence, make_project, settle_survey
from workdays import clock

D = dt.date


# --- Helpers: the real path (п.10) ------------------------------------------------------------


def _activity(project, revision, user, problem, n):
    form = ActivityForm(
        {
            "title": f"Мероприятие {n}: устранить «{problem.text}»",
            "problems": [problem.pk],
            "root_cause": "Нет единого перечня документов",
            "responsible": user.pk,
            "deadline": (project.implementation_start + dt.timedelta(days=10 * n)).isoformat(),
            "expected_result": "Заявитель приходит один раз",
        },
        project=project,
        problems=planning.current_map_problems(project),
    )
    assert form.is_valid(), form.errors
    return planning.activity_save(revision=revision, by=user, form=form)


def to_results(world, project=None):
    """Card, maps and plan through the services, every activity done: the project enters `results`
    (п.24)."""
    project = project or make_project(world)
    advance(project, world, "plan_drafting")
    revision = planning.plan_start(project=project, by=world.lead)
    for n, problem in enumerate(planning.current_map_problems(project), start=1):
        _activity(project, revision, world.lead, problem, n)
    services.transition_perform(project=project, by=world.lead, action="submit_plan")
    services.transition_perform(project=project, by=world.coordinator, action="approve_plan")
    for act in planning.current_revision(project).activities.order_by("number"):
        planning.activity_move(
            activity=act, by=world.lead, to="done", expected_version=act.version, evidence="Сделано"
        )
    project.refresh_from_db()
    assert project.status == Status.RESULTS
    return project


def report_post(
    report, *, actuals=("5", "2"), hours="300", money="135000", calculation="12 мин × 1 500 заявлений"
):
    rows = list(report.indicator_results.order_by("indicator__order", "indicator_id"))
    data = {
        "ind-TOTAL_FORMS": str(len(rows)),
        "ind-INITIAL_FORMS": str(len(rows)),
        "ind-MIN_NUM_FORMS": "0",
        "ind-MAX_NUM_FORMS": "1000",
        "summary": "Единый перечень документов, запись на приём",
        "staff_hours_per_year": hours,
        "money_per_year": money,
        "effect_calculation": calculation,
        "other_effects": "Жалоб нет",
    }
    for i, row in enumerate(rows):
        data[f"ind-{i}-id"] = str(row.pk)
        data[f"ind-{i}-actual_value"] = actuals[i] if i < len(actuals) else ""
        data[f"ind-{i}-comment"] = "Журнал регистрации"
    return data


def fill_report(project, user, *, surveys=True, **kwargs):
    """Fills the report; with `surveys` the closure survey is also closed (or, without one,
    the coordinator records that it is not held) — the condition of sending it (п.10.5)."""
    if surveys:
        settle_survey(project, "closure")
    report = results.report_start(project=project, by=user)
    data = report_post(report, **kwargs)
    form = ReportForm(data, instance=report)
    formset = IndicatorResultFormSet(
        data, queryset=report.indicator_results.order_by("indicator__order", "indicator_id"), prefix="ind"
    )
    assert form.is_valid(), form.errors
    assert formset.is_valid(), formset.errors
    return results.report_save(project=project, by=user, form=form, formset=formset)


def defence_at(days=3):
    return clock.now() + dt.timedelta(days=days)


def to_defence(world, project=None, **report):
    project = to_results(world, project)
    fill_report(project, world.lead, **report)
    results.report_send(project=project, by=world.lead)
    results.closure_recommend(project=project, by=world.coordinator, defence_at=defence_at(), place="Зал 212")
    project.refresh_from_db()
    assert project.status == Status.DEFENCE
    return project


def closed_project(world, *, title="Оптимизация выдачи справок", achievement=Achievement.PARTIAL, **report):
    project = to_defence(world, make_project(world, title=title), **report)
    hold_defence(project)
    results.project_close(project=project, by=world.mayor, achievement=achievement)
    project.refresh_from_db()
    assert project.status == Status.CLOSED
    return project


# --- Degree of achievement (п.24; Прил. 4, слайд 7) --------------------------------------------


@pytest.mark.parametrize(
    ("actual", "code", "percent"),
    [
        ("5", "achieved", "100"),  # exactly the target
        ("4", "achieved", "120"),  # better than the target
        ("7", "partial", "60"),  # moved 3 of 5 toward the target
        ("10", "not_achieved", "0"),  # did not move
        ("12", "not_achieved", "-40"),  # got worse
    ],
)
def test_degree_of_a_decreasing_indicator(actual, code, percent):  # a lead time: 10 → 5 days
    degree = results.degree_of(
        current=Decimal("10"), target=Decimal("5"), actual=Decimal(actual), direction="decrease"
    )
    assert degree.code == code
    assert degree.percent == Decimal(percent)


@pytest.mark.parametrize(
    ("actual", "code", "percent"),
    [
        ("90", "achieved", "100"),
        ("95", "achieved", "116.7"),
        ("75", "partial", "50"),
        ("60", "not_achieved", "0"),
        ("50", "not_achieved", "-33.3"),
    ],
)
def test_degree_of_an_increasing_indicator(actual, code, percent):  # a share of e-applications: 60 → 90 %
    degree = results.degree_of(
        current=Decimal("60"), target=Decimal("90"), actual=Decimal(actual), direction="increase"
    )
    assert degree.code == code
    assert degree.percent == Decimal(percent)


def test_degree_without_an_actual_value_or_with_target_equal_to_current():
    assert (
        results.degree_of(current=Decimal(3), target=Decimal(1), actual=None, direction="decrease").code
        is None
    )
    same = results.degree_of(current=Decimal(1), target=Decimal(1), actual=Decimal(1), direction="decrease")
    assert (same.code, same.percent) == ("achieved", Decimal(100))
    worse = results.degree_of(current=Decimal(1), target=Decimal(1), actual=Decimal(2), direction="decrease")
    assert (worse.code, worse.percent) == ("not_achieved", Decimal(0))


def test_suggested_degree_for_the_mayor():  # п.29: the mayor decides, the indicators suggest
    assert results.suggested_achievement(["achieved", "achieved"]) == Achievement.ACHIEVED
    assert results.suggested_achievement(["achieved", "partial"]) == Achievement.PARTIAL
    assert results.suggested_achievement(["not_achieved", "not_achieved"]) == Achievement.NOT_ACHIEVED
    assert results.suggested_achievement(["achieved", None]) is None


# --- The report and its conditions (п.24–25) --------------------------------------------------


def test_report_opens_with_the_latest_monitoring_values(world):  # МР п.7 → п.24
    project = make_project(world)
    advance(project, world, "plan_drafting")
    first = project.indicators.get(order=1)
    with clock.frozen_today(clock.today() - dt.timedelta(days=20)):
        planning.indicator_actual_add(
            project=project,
            by=world.lead,
            indicator=first,
            measured_on=clock.today(),
            value=Decimal("8"),
            source="Журнал",
        )
    planning.indicator_actual_add(
        project=project,
        by=world.member,
        indicator=first,
        measured_on=clock.today(),
        value=Decimal("6"),
        source="Журнал",
    )
    to_results(world, project)
    report = results.report_of(project)
    assert report is not None and report.status == ReportStatus.DRAFT
    row = IndicatorResult.objects.get(indicator=first)
    assert row.actual_value == Decimal("6") and "мониторинга" in row.comment
    assert IndicatorResult.objects.get(indicator__order=2).actual_value is None


def test_report_with_an_indicator_missing_is_not_sent_and_nothing_is_lost(world):  # п.24–25
    project = to_results(world)
    fill_report(project, world.lead, actuals=("5", ""))
    with pytest.raises(ActionRefused) as refusal:
        results.report_send(project=project, by=world.lead)
    assert (
        "Показатель «Количество визитов заявителя»: не указано фактическое значение." in refusal.value.details
    )
    project.refresh_from_db()
    assert project.status == Status.RESULTS
    assert IndicatorResult.objects.get(indicator__order=1).actual_value == Decimal(
        "5"
    )  # what was typed stays


def test_report_needs_the_effect(world):  # п.24: «эффект (время, деньги)»
    project = to_results(world)
    fill_report(project, world.lead, hours="", money="")
    with pytest.raises(ActionRefused) as refusal:
        results.report_send(project=project, by=world.lead)
    assert any("Укажите эффект" in d for d in refusal.value.details)
    fill_report(project, world.lead, calculation="")
    with pytest.raises(ActionRefused) as refusal:
        results.report_send(project=project, by=world.lead)
    assert any("как рассчитан эффект" in d for d in refusal.value.details)
    fill_report(
        project, world.lead, hours="0", money="0", calculation=""
    )  # no money effect is a valid answer
    results.report_send(project=project, by=world.lead)
    project.refresh_from_db()
    assert project.status == Status.REPORT_REVIEW


def test_only_the_team_fills_the_report_and_only_in_results(world):
    project = to_results(world)
    for user in (world.coordinator, world.mayor, world.outsider):
        with pytest.raises(ActionRefused, match="команда проекта"):
            results.report_start(project=project, by=user)
    results.report_start(project=project, by=world.member)
    fill_report(project, world.lead)
    results.report_send(project=project, by=world.lead)
    with pytest.raises(ActionRefused, match="Оценка результатов"):
        results.report_start(project=project, by=world.lead)


# --- The path and each return (п.25–29) ---------------------------------------------------------


def test_path_to_closed_with_the_report_returned_once(world, django_capture_on_commit_callbacks):
    world.other_coordinator.position = "Заместитель Мэра по экономике и финансам"
    world.other_coordinator.save()
    project = to_results(world)
    results_clock = project.deadlines.get(stage="results")
    fill_report(project, world.lead, actuals=("5", "2"))

    results.report_send(project=project, by=world.lead)  # п.25
    project.refresh_from_db()
    assert project.status == Status.REPORT_REVIEW
    assert results.report_of(project).status == ReportStatus.SENT
    sent = project.journal.get(action="send_report")
    assert sent.snapshot_kind == "report"
    assert [r["degree"] for r in sent.snapshot["indicators"]] == ["achieved", "partial"]

    with pytest.raises(ActionRefused, match="комментарий"):
        results.report_return(project=project, by=world.coordinator, comment="")
    results.report_return(project=project, by=world.coordinator, comment="Приложите расчёт эффекта по шагам")
    project.refresh_from_db()
    assert project.status == Status.RESULTS
    assert results.report_of(project).status == ReportStatus.RETURNED
    reopened = project.deadlines.open().get(stage="results")
    assert reopened.due_on == results_clock.due_on  # the same 25 working days of п.24
    assert results.last_remark(project).comment == "Приложите расчёт эффекта по шагам"

    fill_report(project, world.lead, actuals=("5", "2"), calculation="Расчёт по шагам приложен")
    assert results.report_of(project).status == ReportStatus.DRAFT
    results.report_send(project=project, by=world.lead)
    with django_capture_on_commit_callbacks(execute=True):
        results.closure_recommend(
            project=project, by=world.coordinator, defence_at=defence_at(), place="Зал 212"
        )
    project.refresh_from_db()
    assert project.status == Status.DEFENCE
    assert results.report_of(project).status == ReportStatus.ACCEPTED
    meeting = results.closing_meeting(project)
    assert meeting.kind == "closing" and meeting.place == "Зал 212" and meeting.invitations_sent_at
    invited = set(meeting.participants.values_list("user__username", flat=True))
    assert invited == {"mayor", "coord2", "authority", "coord", "lead"}  # п.26
    assert "председат" in meeting.participants.get(user=world.mayor).role.lower()
    mail_deliver_pending()  # the invitations wait in the outbox for a worker (with Redis: for Celery)
    assert {m.to[0] for m in mail.outbox} >= {world.mayor.email, world.lead.email}
    assert project.deadlines.open().get().stage == "defence"

    hold_defence(project)
    results.project_close(
        project=project, by=world.mayor, achievement=Achievement.PARTIAL, comment="Тиражировать"
    )
    project.refresh_from_db()
    assert project.status == Status.CLOSED
    closure = Closure.objects.get(project=project)
    assert (closure.achievement, closure.decided_by, closure.meeting) == ("partial", world.mayor, meeting)
    entry = project.journal.get(action="close")
    assert "цели достигнуты частично" in entry.label and entry.snapshot_kind == "report"
    meeting.refresh_from_db()
    assert meeting.held and "Степень достижения целей проекта: цели достигнуты частично" in meeting.decisions
    assert not project.deadlines.open().exists()
    services.meeting_protocol_approve(meeting=meeting, by=world.mayor)  # the protocol records the decision


def test_defence_returned_to_implementation_then_closed(world):  # п.29
    project = to_defence(world)
    hold_defence(project)
    with pytest.raises(ActionRefused, match="причина"):
        results.project_return_to_implementation(project=project, by=world.mayor, comment="")
    results.project_return_to_implementation(
        project=project, by=world.mayor, comment="Показатель визитов не достигнут: доработать запись"
    )
    project.refresh_from_db()
    assert project.status == Status.IMPLEMENTATION
    assert not Closure.objects.filter(project=project).exists()
    assert results.report_of(project).status == ReportStatus.RETURNED
    assert "Вернуть проект на реализацию" in results.closing_meeting(project).decisions

    # The lead reopens an activity and completes it again: the project is back in `results`.
    act = planning.current_revision(project).activities.order_by("number").first()
    act = planning.activity_move(activity=act, by=world.lead, to="doing", expected_version=act.version)
    planning.activity_move(
        activity=act, by=world.lead, to="done", expected_version=act.version, evidence="Запись доработана"
    )
    project.refresh_from_db()
    assert project.status == Status.RESULTS
    assert results.report_of(project).status == ReportStatus.DRAFT
    fill_report(project, world.lead, actuals=("5", "1"))
    results.report_send(project=project, by=world.lead)
    results.closure_recommend(project=project, by=world.coordinator, defence_at=defence_at())
    assert project.meetings.filter(kind="closing").count() == 2
    hold_defence(project)
    results.project_close(project=project, by=world.mayor, achievement=Achievement.ACHIEVED)
    project.refresh_from_db()
    assert project.status == Status.CLOSED
    assert Closure.objects.get(project=project).meeting.number == 2


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


def test_only_the_mayor_closes(world):  # п.29: a matrix over every role and scope
    project = to_defence(world)
    hold_defence(project)
    people = world.people()
    for name in PEOPLE:
        if name == "mayor":
            continue
        with pytest.raises(ActionRefused, match="нет на него прав"):
            results.project_close(project=project, by=people[name], achievement=Achievement.ACHIEVED)
        with pytest.raises(ActionRefused, match="нет на него прав"):
            results.project_return_to_implementation(project=project, by=people[name], comment="Нет")
        project.refresh_from_db()
        assert project.status == Status.DEFENCE
    assert not Closure.objects.filter(project=project).exists()
    results.project_close(project=project, by=world.mayor, achievement=Achievement.NOT_ACHIEVED)
    assert Closure.objects.get(project=project).achievement == "not_achieved"


def test_only_the_coordinator_of_the_direction_reviews(world):  # п.25
    project = to_results(world)
    fill_report(project, world.lead)
    for name in ("member", "coordinator", "mayor"):
        with pytest.raises(ActionRefused, match="нет на него прав"):
            results.report_send(project=project, by=world.people()[name])
    results.report_send(project=project, by=world.lead)
    for name in PEOPLE:
        if name == "coordinator":
            continue
        with pytest.raises(ActionRefused, match="нет на него прав"):
            results.closure_recommend(project=project, by=world.people()[name], defence_at=defence_at())
        with pytest.raises(ActionRefused, match="нет на него прав"):
            results.report_return(project=project, by=world.people()[name], comment="Нет")
    project.refresh_from_db()
    assert project.status == Status.REPORT_REVIEW and not project.meetings.filter(kind="closing").exists()


def test_closing_without_actual_values_is_refused(world):  # п.29 + bad input
    project = to_defence(world)
    IndicatorResult.objects.filter(indicator__order=2).update(actual_value=None)
    with pytest.raises(ActionRefused) as refusal:
        results.project_close(project=project, by=world.mayor, achievement=Achievement.ACHIEVED)
    assert any("без фактических значений" in d for d in refusal.value.details)
    assert any("Количество визитов заявителя" in d for d in refusal.value.details)
    project.refresh_from_db()
    assert project.status == Status.DEFENCE and not Closure.objects.filter(project=project).exists()


def test_closing_a_report_not_recommended_is_refused(world):
    project = to_defence(world)
    ResultsReport.objects.filter(project=project).update(status=ReportStatus.SENT)
    with pytest.raises(ActionRefused) as refusal:
        results.project_close(project=project, by=world.mayor, achievement=Achievement.ACHIEVED)
    assert any("не рекомендован координатором" in d for d in refusal.value.details)


def test_defence_date_must_be_given_and_in_the_future(world):
    project = to_results(world)
    fill_report(project, world.lead)
    results.report_send(project=project, by=world.lead)
    with pytest.raises(ActionRefused, match="прошли"):
        results.closure_recommend(
            project=project, by=world.coordinator, defence_at=clock.now() - dt.timedelta(hours=1)
        )
    project.refresh_from_db()
    assert project.status == Status.REPORT_REVIEW


# --- Through the pages ----------------------------------------------------------------------


def test_report_is_filled_sent_reviewed_and_closed_through_the_pages(client, world):
    project = to_results(world)
    settle_survey(project, "closure")  # Положение п.10.5
    client.force_login(world.lead)
    report = results.report_of(project)
    data = report_post(report, actuals=("пять", "2"))
    response = client.post(reverse("projects:report_edit", args=[project.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200 and "Введите число" in html and 'value="пять"' in html
    data = report_post(report, actuals=("5,0", "2"), money="135 000,50")  # as people type it
    assert client.post(reverse("projects:report_edit", args=[project.pk]), data).status_code == 302
    assert results.report_of(project).money_per_year == Decimal("135000.50")
    page = client.get(reverse("projects:report", args=[project.pk])).content.decode()
    assert "достигнут частично" in page and "50\u00a0%" in page  # one formatter: a no-break space (issue 21)
    # a NUL in the covering comment (PostgreSQL cannot store it): a message, the report stays (fuzzing)
    response = client.post(reverse("projects:report_act", args=[project.pk, "send"]), {"comment": "a\x00b"})
    assert response.status_code == 200 and "запрещённый символ" in response.content.decode()
    project.refresh_from_db()
    assert project.status == Status.RESULTS
    client.post(reverse("projects:report_act", args=[project.pk, "send"]), {"comment": "Направляю"})
    project.refresh_from_db()
    assert project.status == Status.REPORT_REVIEW
    assert project.journal.filter(comment="Направляю").exists()

    client.force_login(world.coordinator)
    response = client.post(
        reverse("projects:report_act", args=[project.pk, "recommend"]), {"defence_at": "", "place": "Зал 3"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Укажите дату и время защиты" in html and 'value="Зал 3"' in html
    when = (clock.now() + dt.timedelta(days=2)).strftime("%Y-%m-%dT10:00")
    response = client.post(
        reverse("projects:report_act", args=[project.pk, "recommend"]), {"defence_at": when, "place": "Зал 3"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Status.DEFENCE

    client.force_login(world.mayor)
    page = client.get(reverse("projects:report", args=[project.pk])).content.decode()
    assert "Решение Мэра по итогам защиты" in page and 'value="partial" selected' in page  # suggested
    response = client.post(reverse("projects:report_act", args=[project.pk, "close"]), {"achievement": ""})
    assert "Выберите степень достижения целей" in response.content.decode()
    # п.27, 29: the defence has not taken place yet — refused with what is missing and who acts
    response = client.post(
        reverse("projects:report_act", args=[project.pk, "close"]), {"achievement": "partial"}, follow=True
    )
    assert "решение Мэра принимается по итогам защиты" in response.content.decode()
    project.refresh_from_db()
    assert project.status == Status.DEFENCE and not Closure.objects.filter(project=project).exists()
    hold_defence(project)
    client.post(reverse("projects:report_act", args=[project.pk, "close"]), {"achievement": "partial"})
    project.refresh_from_db()
    assert project.status == Status.CLOSED
    detail = client.get(project.get_absolute_url()).content.decode()
    assert "Результаты и закрытие" in detail and "цели достигнуты частично" in detail


def test_the_lead_sends_the_report_from_the_project_page(client, world):  # the existing act send_report
    project = to_results(world)
    client.force_login(world.lead)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Результаты и закрытие" in page and "Отчёт о результатах не заполнен" not in page
    assert "не указано фактическое значение" in page  # the act shows what still blocks it
    fill_report(project, world.lead)
    client.post(reverse("projects:act", args=[project.pk, "send_report"]), {"expected_status": "results"})
    project.refresh_from_db()
    assert project.status == Status.REPORT_REVIEW
    assert results.report_of(project).status == ReportStatus.SENT


def test_closing_from_the_project_page_never_leaves_a_project_without_its_decision(client, world):
    """The generic act forms of the project page: the project either moves with its closing meeting
    and its `Closure`, or the act is refused with a message and nothing changes."""
    project = to_results(world)
    fill_report(project, world.lead)
    results.report_send(project=project, by=world.lead)
    client.force_login(world.coordinator)
    when = (clock.now() + dt.timedelta(days=2)).strftime("%Y-%m-%dT10:00")
    response = client.post(
        reverse("projects:act", args=[project.pk, "recommend_closure"]),
        {"defence_at": when, "expected_status": "report_review"},
        follow=True,
    )
    assert response.status_code == 200
    project.refresh_from_db()
    if project.status == Status.DEFENCE:
        assert results.closing_meeting(project).participants.exists()
    else:
        assert project.status == Status.REPORT_REVIEW and not project.meetings.filter(kind="closing").exists()
        assert "Отчёт о результатах" in response.content.decode()
        results.closure_recommend(project=project, by=world.coordinator, defence_at=defence_at())
    client.force_login(world.mayor)
    response = client.post(
        reverse("projects:act", args=[project.pk, "close"]),
        {"achievement": "achieved", "expected_status": "defence"},
        follow=True,
    )
    assert response.status_code == 200
    project.refresh_from_db()
    if project.status == Status.CLOSED:
        assert Closure.objects.get(project=project).achievement == "achieved"
    else:
        assert project.status == Status.DEFENCE and not Closure.objects.filter(project=project).exists()
        assert "Отчёт о результатах" in response.content.decode()


def test_survey_before_and_after_is_part_of_the_report(client, world):  # МР п.4.4; п.10.1, 10.5
    from tests.surveys.factories import answer, make_survey

    project = make_project(world)
    before = make_survey(world, project, phase="initiation")
    answer(before, (2, 2, 1, 2, 2), department=world.department)
    project = to_results(world, project)
    after = make_survey(world, project, phase="closure")
    answer(after, (4, 3, 4, 4, 3), department=world.department)
    survey = results.report_data(project)["survey"]
    assert (survey["overall"]["before"], survey["overall"]["after"], survey["overall"]["change"]) == (
        "1,80",
        "3,60",
        "+1,80",
    )
    assert survey["overall"]["better"] is True and len(survey["questions"]) == 5
    fill_report(project, world.lead)
    results.report_send(project=project, by=world.lead)
    assert project.journal.get(action="send_report").snapshot["survey"]["overall"]["after"] == "3,60"
    client.force_login(world.coordinator)
    html = client.get(reverse("projects:report", args=[project.pk])).content.decode()
    assert "Итого средний балл" in html and "+1,80" in html


def _png(size=(40, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_photos_must_be_real_images(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = to_results(world)
    client.force_login(world.member)
    url = reverse("projects:result_photo_create", args=[project.pk])
    fake = SimpleUploadedFile("photo.jpg", b"this is not a picture", content_type="image/jpeg")
    response = client.post(url, {"kind": "before", "caption": "Очередь в холле", "image": fake})
    html = response.content.decode()
    assert response.status_code == 200 and "не фотография" in html and 'value="Очередь в холле"' in html
    big = SimpleUploadedFile(
        "big.png", b"\x89PNG" + b"0" * (results.PHOTO_MAX_BYTES + 1), content_type="image/png"
    )
    assert (
        "слишком большая"
        in client.post(url, {"kind": "before", "caption": "X", "image": big}).content.decode()
    )
    truncated = SimpleUploadedFile("cut.png", _png()[:60], content_type="image/png")
    assert (
        "не фотография"
        in client.post(url, {"kind": "before", "caption": "X", "image": truncated}).content.decode()
    )
    assert not ResultPhoto.objects.exists()

    good = SimpleUploadedFile("холл.png", _png(), content_type="image/png")
    response = client.post(url, {"kind": "after", "caption": "Зона ожидания после", "image": good})
    assert response.status_code == 302
    photo = ResultPhoto.objects.get()
    assert photo.image.name.endswith(".png") and photo.uploaded_by == world.member
    shown = client.get(reverse("projects:result_photo", args=[project.pk, photo.pk]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    client.force_login(world.other_lead)
    assert client.get(reverse("projects:result_photo", args=[project.pk, photo.pk])).status_code == 404


def test_legal_acts_with_a_date_not_in_the_future(client, world):
    project = to_results(world)
    client.force_login(world.lead)
    url = reverse("projects:legal_act_create", args=[project.pk])
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        url, {"kind": "department_order", "number": "45-од", "adopted_on": tomorrow, "title": "О стандарте"}
    )
    html = response.content.decode()
    assert "не может быть в будущем" in html and 'value="45-од"' in html
    client.post(
        url,
        {
            "kind": "department_order",
            "number": "45-од",
            "adopted_on": clock.today().isoformat(),
            "title": "О стандарте",
        },
    )
    act = project.legal_acts.get()
    assert results.report_data(project)["legal_acts"][0]["number"] == "45-од"
    client.post(reverse("projects:legal_act_edit", args=[project.pk, act.pk]), {"delete": "1"})
    assert not project.legal_acts.exists()


def test_map_effect_comes_from_the_maps(world):
    from maps.models import Step

    project = to_results(world)
    Step.objects.filter(process_map__project=project, process_map__kind="target").update(duration_minutes=10)
    rows = {r["key"]: r for r in results.report_data(project)["maps"]}
    assert rows["lead_time"]["better"] is True  # lead time fell
    assert rows["lead_time"]["diff_text"].startswith("−")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("lead", 200),
        ("member", 200),
        ("coordinator", 200),
        ("mayor", 200),
        ("authority", 200),
        ("observer", 200),
        ("outsider", 404),
        ("other_coordinator", 404),
        ("other_lead", 404),
        ("foreign_mayor", 404),
    ],
)
def test_report_page_for_each_role(client, world, who, status):
    project = to_results(world)
    fill_report(project, world.lead)
    results.report_send(project=project, by=world.lead)
    client.force_login(world.people()[who])
    assert client.get(reverse("projects:report", args=[project.pk])).status_code == status
    entry = project.journal.get(action="send_report")
    assert client.get(reverse("projects:report_version", args=[project.pk, entry.pk])).status_code == status


def test_edit_page_only_for_the_team_in_results(client, world):
    project = to_results(world)
    client.force_login(world.member)
    assert client.get(reverse("projects:report_edit", args=[project.pk])).status_code == 200
    client.force_login(world.coordinator)
    response = client.get(reverse("projects:report_edit", args=[project.pk]), follow=True)
    assert "формирует команда проекта" in response.content.decode()


def test_report_page_queries_do_not_grow(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project = to_results(world)
    fill_report(project, world.lead)
    client.force_login(world.lead)
    url = reverse("projects:report", args=[project.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(5):
        project.legal_acts.create(kind="order", number=f"{n}-р", adopted_on=clock.today(), title=f"Акт {n}")
    with CaptureQueriesContext(connection) as big:
        client.get(url)
    assert len(big.captured_queries) == len(small.captured_queries)


# --- Demo builders ----------------------------------------------------------------------------


def test_demo_builders_close_publish_replicate_and_register_complaints(world):
    from projects import demo_results
    from projects.models import Complaint, Project

    project = to_results(world)
    demo_results.close_demo_project(project)
    project.refresh_from_db()
    assert project.status == Status.CLOSED and project.closure.achievement == "partial"
    assert project.journal.filter(action="return_report").count() == 1  # returned once
    assert results.closing_meeting(project).is_protocol_approved
    practice = demo_results.make_demo_practice(project, by=world.authority)
    replication = demo_results.replicate_demo_practice(practice, lead=world.other_lead)
    assert replication.replicated_from == project and replication.department == world.other_department
    world.department.name = "Отдел социальной поддержки населения Администрации ЗАТО Северск"
    world.department.save()
    made = demo_results.build_demo_complaints(world.municipality)
    assert len(made) == 2  # the two complaints routed to a department this municipality has
    started = Complaint.objects.get(decision="project")
    assert started.project.source == "cur" and started.project.lead == world.lead
    # twice changes nothing
    demo_results.close_demo_project(project)
    assert demo_results.make_demo_practice(project) == practice
    assert demo_results.replicate_demo_practice(practice, lead=world.other_lead) == replication
    demo_results.build_demo_complaints(world.municipality)
    assert Complaint.objects.count() == 2
    assert Project.objects.filter(replicated_from=project).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_recommendations_make_one_closing_meeting():  # DESIGN §2: an act cannot run twice
    from tests.factories import World
    from tests.projects.test_concurrency import _race

    world = World()
    project = to_results(world)
    fill_report(project, world.lead)
    results.report_send(project=project, by=world.lead)
    outcomes = _race(
        5, lambda: results.closure_recommend(project=project, by=world.coordinator, defence_at=defence_at())
    )
    assert outcomes.count("ok") == 1
    assert project.meetings.filter(kind="closing").count() == 1


def test_p27_p29_decision_refused_until_the_defence_is_held(world):  # Положение п.27, 29; МР п.8
    """The Mayor decides «по итогам защиты»: not before the closing meeting's time, not before its
    protocol is recorded; the decision then refers to that meeting, which the decision never marks
    held by itself."""
    project = to_defence(world)
    meeting = results.closing_meeting(project)
    for act in (
        lambda: results.project_close(project=project, by=world.mayor, achievement=Achievement.ACHIEVED),
        lambda: results.project_return_to_implementation(
            project=project, by=world.mayor, comment="Доработать"
        ),
    ):
        with pytest.raises(ActionRefused) as refused:
            act()
        assert "по итогам защиты" in " ".join(refused.value.details)
    meeting.refresh_from_db()
    assert not meeting.held and project.status == Status.DEFENCE

    # The time has come but nobody recorded the defence: the lead must record the protocol.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=clock.now() - dt.timedelta(hours=1))
    with pytest.raises(ActionRefused) as refused:
        results.project_close(project=project, by=world.mayor, achievement=Achievement.ACHIEVED)
    assert "Протокол завершающего совещания не внесён" in " ".join(refused.value.details)
    assert "руководитель проекта" in " ".join(refused.value.details)

    held = hold_defence(project)
    results.project_close(project=project, by=world.mayor, achievement=Achievement.ACHIEVED)
    closure = Closure.objects.get(project=project)
    assert closure.meeting == held
    assert "Степень достижения целей проекта" in Meeting.objects.get(pk=held.pk).decisions
