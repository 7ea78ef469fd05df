"""Both questionings are required (Положение п.10.1, 10.5; МР п.4.4): the survey «до» is closed at
the latest before the target-state map is approved, the survey «после» before the results report goes
to the coordinator. Where the process has no external customers the coordinator records a decision not
to hold one, with its reason — shown in the report, on the Mayor's decision page and on slide 7."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pptx import Presentation

from documents.presentation import presentation_file, presentation_pptx_file
from documents.report import report_file
from projects import results, services
from projects.choices import Status
from projects.exceptions import ActionRefused
from surveys import services as survey_services
from surveys.models import SurveyWaiver
from tests.documents.builders import closed, closure_survey, initiation_survey
from tests.documents.conftest import Pdf
from tests.factories import advance, ensure_target_map, make_project
from tests.projects.test_results import fill_report, to_results
from workdays import clock

REASON = "Процесс внутренний: его результат используют только сотрудники отдела кадров."


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _drawing_target(world):
    project = advance(make_project(world), world, "target_map")
    ensure_target_map(project, by=world.lead)
    return project


def _slide_text(content: bytes, number: int) -> str:
    slide = Presentation(io.BytesIO(content)).slides[number - 1]
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if shape.has_table:
            texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return " ".join(" ".join(texts).split())


# --- п.10.1: «до» before the target map is approved ---------------------------------------------


def test_p10_1_mr_4_4_target_map_not_approved_without_the_initiation_survey(client, world):
    project = _drawing_target(world)
    with pytest.raises(ActionRefused) as refused:
        services.transition_perform(project=project, by=world.lead, action="complete_target_map")
    assert "при инициации проекта не проведено" in " ".join(refused.value.details)

    client.force_login(world.lead)
    response = client.post(
        reverse("projects:act", args=[project.pk, "complete_target_map"]),
        {"expected_status": "target_map"},
        follow=True,
    )
    assert "при инициации проекта не проведено" in _messages(response)
    project.refresh_from_db()
    assert project.status == Status.TARGET_MAP


def test_p10_1_mr_4_4_initiation_survey_still_open_blocks_then_closed_allows(client, world):
    project = _drawing_target(world)
    survey = initiation_survey(project, world)
    with pytest.raises(ActionRefused) as refused:
        services.transition_perform(project=project, by=world.lead, action="complete_target_map")
    assert "ещё идёт" in " ".join(refused.value.details) and "ответов: 2" in " ".join(refused.value.details)

    survey_services.survey_close(survey=survey, by=world.lead)
    client.force_login(world.lead)
    client.post(
        reverse("projects:act", args=[project.pk, "complete_target_map"]), {"expected_status": "target_map"}
    )
    project.refresh_from_db()
    assert project.status == Status.PLAN_DRAFTING


def test_p10_1_mr_4_4_survey_closed_without_answers_does_not_count(world):
    project = _drawing_target(world)
    today = clock.today()
    survey = survey_services.survey_create(
        project=project,
        by=world.lead,
        phase="initiation",
        opens_on=today,
        closes_on=today + dt.timedelta(days=3),
    )
    survey_services.survey_close(survey=survey, by=world.lead)
    with pytest.raises(ActionRefused) as refused:
        services.transition_perform(project=project, by=world.lead, action="complete_target_map")
    assert "не ответил ни один заказчик" in " ".join(refused.value.details)


# --- п.10.5: «после» before the report is sent -----------------------------------------------


def test_p10_5_report_not_sent_before_the_closure_survey_is_closed(client, world):
    project = to_results(world)
    fill_report(project, world.lead, surveys=False)
    with pytest.raises(ActionRefused) as refused:
        results.report_send(project=project, by=world.lead)
    assert "при закрытии проекта не проведено" in " ".join(refused.value.details)

    survey = closure_survey(project, world)
    client.force_login(world.lead)
    response = client.post(
        reverse("projects:report_act", args=[project.pk, "send"]), {"comment": ""}, follow=True
    )
    assert "при закрытии проекта ещё идёт" in response.content.decode()
    project.refresh_from_db()
    assert project.status == Status.RESULTS

    survey_services.survey_close(survey=survey, by=world.lead)
    results.report_send(project=project, by=world.lead)
    project.refresh_from_db()
    assert project.status == Status.REPORT_REVIEW


# --- The coordinator's decision not to hold a questioning ------------------------------------


def test_p10_5_only_the_coordinator_waives_a_survey_with_a_reason(client, world):
    project = _drawing_target(world)
    for who in (world.lead, world.member, world.mayor, world.other_coordinator):
        with pytest.raises(ActionRefused, match="координатор направления"):
            survey_services.survey_waive(project=project, phase="initiation", by=who, reason=REASON)
    with pytest.raises(ActionRefused, match="Укажите причину"):
        survey_services.survey_waive(project=project, phase="initiation", by=world.coordinator, reason="  ")
    url = reverse("surveys:waive", args=[project.pk, "initiation"])
    client.force_login(world.lead)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": REASON}).status_code == 403

    # bad input: the message next to the field, what was typed kept
    client.force_login(world.coordinator)
    response = client.post(url, {"reason": "x" * 1001})
    assert response.status_code == 200
    assert "Не больше 1000 символов" in response.content.decode()
    assert "x" * 1001 in response.content.decode()
    assert not SurveyWaiver.objects.exists()

    # a questioning with answers is not waived
    survey = initiation_survey(project, world)
    with pytest.raises(ActionRefused, match="уже проводится"):
        survey_services.survey_waive(project=project, phase="initiation", by=world.coordinator, reason=REASON)
    survey.responses.all().delete()

    response = client.post(url, {"reason": REASON})
    assert response.status_code == 302
    waiver = SurveyWaiver.objects.get(project=project, phase="initiation")
    assert waiver.decided_by == world.coordinator and waiver.reason == REASON
    assert project.journal.filter(action="survey_waive", comment=REASON).exists()
    services.transition_perform(project=project, by=world.lead, action="complete_target_map")
    project.refresh_from_db()
    assert project.status == Status.PLAN_DRAFTING


def test_p10_5_waiver_is_offered_to_the_coordinator_on_the_project_page(client, world):
    project = _drawing_target(world)
    url = reverse("surveys:waive", args=[project.pk, "initiation"])
    client.force_login(world.lead)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "до утверждения карты целевого состояния" in page and url not in page
    client.force_login(world.coordinator)
    assert url in client.get(project.get_absolute_url()).content.decode()
    survey_services.survey_waive(project=project, phase="initiation", by=world.coordinator, reason=REASON)
    page = client.get(project.get_absolute_url()).content.decode()
    assert REASON in page and url not in page


def test_p10_5_waivers_shown_in_the_report_the_decision_page_and_slide_7(client, world):
    """Both questionings waived: the reasons in the report (page and PDF), on the Mayor's decision
    page and on slide 7 of the presentation (PDF and PPTX)."""
    project = closed(world, surveys=False)
    waivers = SurveyWaiver.objects.filter(project=project)
    assert {w.phase for w in waivers} == {"initiation", "closure"}
    reason = waivers.get(phase="closure").reason

    client.force_login(world.mayor)
    page = client.get(reverse("projects:report", args=[project.pk])).content.decode()
    assert "При закрытии проекта: анкетирование не проводилось" in page
    assert "При инициации проекта: анкетирование не проводилось" in page and reason in page

    pdf = Pdf(report_file(project).content)
    assert pdf.has("анкетирование не проводилось") and pdf.has(reason)

    slides = Pdf(presentation_file(project).content)
    assert slides.page_count == 7
    assert "анкетирование не проводилось" in slides.pages[6].replace("\n", " ")

    text = _slide_text(presentation_pptx_file(project).content, 7)
    assert "При инициации проекта: анкетирование не проводилось" in text
    assert "При закрытии проекта: анкетирование не проводилось" in text


def test_p10_1_p10_5_the_two_surveys_side_by_side_on_the_decision_page_and_slide_7(client, world):
    project = closed(world)
    client.force_login(world.mayor)
    page = client.get(reverse("projects:report", args=[project.pk])).content.decode()
    assert "При инициации" in page and "При закрытии" in page and "Итого средний балл" in page
    # before: 2, 3, 2, 3, 2 → 2.40; after: 4, 4, 3, 4, 4 → 3.80
    assert "2,40" in page and "3,80" in page and "+1,40" in page

    text = _slide_text(presentation_pptx_file(project).content, 7)
    assert "До (инициация)" in text and "После (закрытие)" in text
    assert "2,40" in text and "3,80" in text
    slides = Pdf(presentation_file(project).content)
    assert slides.page_count == 7
    seventh = " ".join(slides.pages[6].split())
    assert "До (инициация)" in seventh and "3,80" in seventh


def test_p10_5_mixed_one_survey_held_the_other_waived(world):
    """The survey «до» held, «после» waived: both columns still side by side, the waiver named."""
    project = _drawing_target(world)
    survey = initiation_survey(project, world)
    survey_services.survey_close(survey=survey, by=world.lead)
    data = results.survey_effect(project)
    assert data["respondents"] == {"before": 2, "after": "—"}
    assert data["overall"]["before"] == "2,40" and data["overall"]["after"] == "—"
    survey_services.survey_waive(project=project, phase="closure", by=world.coordinator, reason=REASON)
    data = results.survey_effect(project)
    assert [w["phase_label"] for w in data["waivers"]] == ["При закрытии проекта"]
    assert data["waivers"][0]["reason"] == REASON
