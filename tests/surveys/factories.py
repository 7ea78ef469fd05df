"""Surveys and answers for the questionnaire tests, built through the services like users do."""

from __future__ import annotations

import datetime as dt
import time

from projects.models import Project
from surveys import guard, services
from surveys.models import Invitation, Response, Survey
from surveys.questions import QUESTIONS
from tests.factories import World, make_project
from workdays import clock

CLOSURE_READY = "implementation"  # the first stage a closure survey may start in (Положение п.10.5)


def project_in(world: World, status: str, **kwargs) -> Project:
    project = make_project(world, **kwargs)
    Project.objects.filter(pk=project.pk).update(status=status)
    return Project.objects.get(pk=project.pk)


def make_survey(
    world: World,
    project: Project | None = None,
    *,
    phase: str = "initiation",
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    public_link: bool = True,
    by=None,
) -> Survey:
    if project is None:
        project = project_in(world, "draft" if phase == "initiation" else CLOSURE_READY)
    today = clock.today()
    return services.survey_create(
        project=project,
        by=by or world.lead,
        phase=phase,
        opens_on=opens_on or today,
        closes_on=closes_on or today + dt.timedelta(days=14),
        public_link=public_link,
    )


def answer(
    survey: Survey,
    scores: tuple[int, int, int, int, int],
    *,
    organisation: str = "МФЦ",
    department=None,
    comments: dict[str, str] | None = None,
    suggestions: str = "",
    name: str = "",
    invitation: Invitation | None = None,
) -> Response:
    """One filled questionnaire; low answers get a comment unless `comments` says otherwise."""
    codes = [q.code for q in QUESTIONS]
    if comments is None:
        comments = {code: f"Почему {score}" for code, score in zip(codes, scores, strict=True) if score <= 2}
    return services.response_submit(
        survey=survey,
        invitation=invitation,
        scores=dict(zip(codes, scores, strict=True)),
        comments=comments,
        suggestions=suggestions,
        department=department,
        organisation=organisation if department is None else "",
        respondent_name=name,
    )


def form_data(scores=(4, 4, 4, 4, 4), *, department="other", organisation="МФЦ", **extra) -> dict:
    """POST data of the public form, with the token of a form shown a minute ago (surveys.guard)."""
    data = {
        "department": department,
        "organisation": organisation,
        "respondent_name": "",
        "suggestions": "",
        guard.TOKEN_FIELD: guard.issue(at=time.time() - 60),
    }
    for q, score in zip(QUESTIONS, scores, strict=True):
        if score is not None:
            data[q.code] = str(score)
        data[q.comment_field] = ""
    data.update(extra)
    return data
