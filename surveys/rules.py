"""The questionnaire in the conditions of the lifecycle (Положение п.10.1, 10.5; МР п.4.4),
registered into `projects.rules` from `SurveysConfig.ready()`:

- the survey «до» is part of the initiation (п.10.1): it is closed, with its answers summarised, at the
  latest before the target-state map is approved (`complete_target_map`);
- the survey «после» is part of the closure (п.10.5): it is closed before the results report goes to
  the coordinator (`send_report`, and so `recommend_closure`).

Where the process has no external customers, the coordinator's recorded decision not to hold the
questioning (`SurveyWaiver`) stands in for it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workdays import clock

from .choices import Phase, SurveyState
from .models import Survey, SurveyWaiver

# What each phase must be done before, for the messages.
BEFORE = {
    Phase.INITIATION: (
        "п.10.1",
        gettext_lazy("до утверждения карты целевого состояния"),
    ),
    Phase.CLOSURE: (
        "п.10.5",
        gettext_lazy("до направления отчёта о результатах координатору"),
    ),
}


def phase_blockers(project, phase: str) -> list[str]:
    """What is missing for the questioning of `phase` to count as held; [] when it is held (closed,
    with answers) or the coordinator decided it is not held."""
    if SurveyWaiver.objects.filter(project_id=project.pk, phase=phase).exists():
        return []
    clause, before = BEFORE[Phase(phase)]
    label = str(Phase(phase).label).lower()
    survey = Survey.objects.filter(project_id=project.pk, phase=phase).first()
    waiver_hint = _(
        "Если у процесса нет внешних заказчиков, координатор может принять решение не проводить "
        "анкетирование, указав причину."
    )
    if survey is None:
        return [
            _(
                "Анкетирование заказчиков процесса %(phase)s не проведено (Положение %(clause)s; МР п.4.4): "
                "команда проекта проводит его и завершает приём ответов %(before)s. %(hint)s"
            )
            % {"phase": label, "clause": clause, "before": before, "hint": waiver_hint}
        ]
    answers = survey.responses.count()
    if survey.state(clock.today()) != SurveyState.CLOSED:
        return [
            _(
                "Анкетирование заказчиков процесса %(phase)s ещё идёт (приём ответов по %(to)s, ответов: "
                "%(n)s): команда проекта завершает приём ответов на странице анкеты %(before)s "
                "(Положение %(clause)s; МР п.4.4)."
            )
            % {
                "phase": label,
                "to": survey.closes_on.strftime("%d.%m.%Y"),
                "n": answers,
                "before": before,
                "clause": clause,
            }
        ]
    if not answers:
        return [
            _(
                "На анкету %(phase)s не ответил ни один заказчик процесса: продлите приём ответов и "
                "соберите их (Положение %(clause)s; МР п.4.4). %(hint)s"
            )
            % {"phase": label, "clause": clause, "hint": waiver_hint}
        ]
    return []


def initiation_survey_blockers(project) -> list[str]:
    """Condition of `complete_target_map` (Положение п.10.1; МР п.4.4)."""
    return phase_blockers(project, Phase.INITIATION)


def closure_survey_blockers(project) -> list[str]:
    """Condition of `send_report` (Положение п.10.5; МР п.4.4)."""
    return phase_blockers(project, Phase.CLOSURE)


def survey_held_or_waived(project, phase: str) -> bool:
    return not phase_blockers(project, phase)
