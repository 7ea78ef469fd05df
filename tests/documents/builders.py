"""Projects at the stages the documents are checked at, built through the services as users build
them: opened with maps, implementing an approved plan, and closed with its report, acts, photos «до /
после» and both surveys (Положение п.10, 16–29; Прил. 2–4)."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from projects import planning, results, services
from projects.choices import Achievement, ActKind, Status
from projects.forms_results import LegalActForm
from surveys import services as survey_services
from tests.factories import World, advance, hold_defence, make_project
from tests.projects.test_results import defence_at, fill_report, to_results
from tests.surveys.factories import answer
from workdays import clock


def jpeg(color=(200, 30, 30), size=(64, 48)) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def initiation_survey(project, world, scores=(2, 3, 2, 3, 2)):
    today = clock.today()
    survey = survey_services.survey_create(
        project=project,
        by=world.lead,
        phase="initiation",
        opens_on=today,
        closes_on=today + dt.timedelta(days=10),
        public_link=True,
    )
    answer(survey, scores, organisation="МФЦ «Мои документы»")
    answer(survey, scores, organisation="Отдел ЗАГС")
    return survey


def closure_survey(project, world, scores=(4, 4, 3, 4, 4)):
    today = clock.today()
    survey = survey_services.survey_create(
        project=project,
        by=world.lead,
        phase="closure",
        opens_on=today,
        closes_on=today + dt.timedelta(days=10),
        public_link=True,
    )
    answer(survey, scores, organisation="МФЦ «Мои документы»", suggestions="Сохранить запись на приём")
    return survey


def opened(world: World, *, title="Оптимизация выдачи справок"):
    """Signed card, current map done: the project is drawing its target map."""
    project = make_project(world, title=title)
    return advance(project, world, "target_map")


def implementing(world: World, *, title="Оптимизация выдачи справок"):
    """The plan approved by the coordinator (п.19), nothing done yet."""
    from tests.projects.test_results import _activity

    project = make_project(world, title=title)
    advance(project, world, "plan_drafting")
    revision = planning.plan_start(project=project, by=world.lead)
    for n, problem in enumerate(planning.current_map_problems(project), start=1):
        _activity(project, revision, world.lead, problem, n)
    services.transition_perform(project=project, by=world.lead, action="submit_plan")
    services.transition_perform(project=project, by=world.coordinator, action="approve_plan")
    project.refresh_from_db()
    assert project.status == Status.IMPLEMENTATION
    return project


def add_act(project, by, *, title="Об утверждении административного регламента выдачи справок"):
    form = LegalActForm(
        {
            "kind": ActKind.RESOLUTION,
            "number": "1234-па",
            "adopted_on": clock.today().isoformat(),
            "title": title,
        }
    )
    assert form.is_valid(), form.errors
    return results.legal_act_save(project=project, by=by, form=form)


def closed(world: World, *, title="Оптимизация выдачи справок", photos=True, surveys=True):
    """The whole path: surveys at initiation and closure, the plan done, an act adopted, photos
    «до / после», the report sent and recommended, the project closed by the mayor (п.29)."""
    project = make_project(world, title=title)
    if surveys:
        initiation_survey(project, world)
    project = to_results(world, project)
    add_act(project, world.lead)
    if photos:
        results.photo_add(
            project=project, by=world.lead, kind="before", caption="Очередь в коридоре", upload=jpeg()
        )
        results.photo_add(
            project=project,
            by=world.lead,
            kind="after",
            caption="Электронная очередь",
            upload=jpeg((30, 160, 60)),
        )
    if surveys:
        closure_survey(project, world)
    fill_report(project, world.lead, actuals=("6", "1"), hours="300", money="135000")
    results.report_send(project=project, by=world.lead)
    results.closure_recommend(project=project, by=world.coordinator, defence_at=defence_at(), place="Зал 212")
    hold_defence(project)
    results.project_close(project=project, by=world.mayor, achievement=Achievement.PARTIAL)
    project.refresh_from_db()
    assert project.status == Status.CLOSED
    return project
