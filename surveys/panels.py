"""The questionnaire's panel on the project page (`projects.panels`): each phase's summary and,
once both exist, before vs after (МР п.4.4; Положение п.10.1, 10.5)."""

from __future__ import annotations

from projects.exceptions import ActionRefused
from workdays import clock

from .choices import Phase
from .models import Survey
from .permissions import can_manage_surveys
from .selectors import comparison_of, survey_summary
from .services import assert_phase_allowed


def survey_panel(project, user) -> list[dict]:
    surveys = {s.phase: s for s in Survey.objects.filter(project_id=project.pk)}
    summaries = {phase: survey_summary(survey) for phase, survey in surveys.items()}
    can_manage = can_manage_surveys(project, user)
    today = clock.today()
    phases = []
    for phase in Phase:
        survey = surveys.get(phase)
        item = {
            "phase": phase,
            "survey": survey,
            "summary": summaries.get(phase),
            "state": survey.state(today) if survey else None,
            "refusal": "",
        }
        if survey is None:
            try:
                assert_phase_allowed(project, phase)
            except ActionRefused as exc:
                item["refusal"] = exc.message
        phases.append(item)
    comparison = None
    if Phase.INITIATION in summaries and Phase.CLOSURE in summaries:
        comparison = comparison_of(summaries[Phase.INITIATION], summaries[Phase.CLOSURE])
    return [
        {
            "template": "surveys/partials/panel.html",
            "data": {"phases": phases, "comparison": comparison, "can_manage": can_manage},
        }
    ]
