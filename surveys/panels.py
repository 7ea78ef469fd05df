"""The questionnaire's panel on the project page (`projects.panels`): each phase's summary and,
once both exist, before vs after (МР п.4.4; Положение п.10.1, 10.5)."""

from __future__ import annotations

from projects.exceptions import ActionRefused
from projects.permissions import is_project_coordinator
from workdays import clock

from .choices import Phase
from .models import Survey, SurveyWaiver
from .permissions import can_manage_surveys
from .rules import BEFORE
from .selectors import comparison_of, survey_summary
from .services import FINISHED, assert_phase_allowed


def survey_panel(project, user) -> list[dict]:
    surveys = {s.phase: s for s in Survey.objects.filter(project_id=project.pk)}
    summaries = {phase: survey_summary(survey) for phase, survey in surveys.items()}
    can_manage = can_manage_surveys(project, user)
    waivers = {
        w.phase: w for w in SurveyWaiver.objects.filter(project_id=project.pk).select_related("decided_by")
    }
    coordinator = project.status not in FINISHED and is_project_coordinator(project, user)
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
            "waiver": waivers.get(phase),
            # Положение п.10.1, 10.5: when it must be done by (the gate in surveys/rules.py)
            "due": BEFORE[phase][1],
            "can_waive": coordinator
            and phase not in waivers
            and not (survey is not None and summaries[phase]["respondents"]),
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
