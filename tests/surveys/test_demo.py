"""The demo questionnaires the demo loader builds (surveys.demo)."""

from surveys.demo import build_demo_survey
from surveys.models import Response
from surveys.questions import QUESTIONS, questions_missing_comment
from surveys.selectors import phase_comparison, survey_summary
from tests.factories import DepartmentFactory, make_project


def test_demo_surveys_are_realistic_and_built_once(world):
    for i in range(3):
        DepartmentFactory(municipality=world.municipality, direction=world.direction, name=f"Управление {i}")
    project = make_project(world)
    before = build_demo_survey(project, phase="initiation", answers=12)
    after = build_demo_survey(project, phase="closure", answers=10)
    assert build_demo_survey(project, phase="initiation", answers=40) == before
    assert before.responses.count() == 12 and after.responses.count() == 10

    summary = survey_summary(before)
    assert summary["organisations_count"] >= 3
    assert summary["comments"] and summary["suggestions"]
    for response in Response.objects.all():
        assert not questions_missing_comment(response.scores, response.comments)
        assert all(1 <= response.scores[q.code] <= 4 for q in QUESTIONS)
    comparison = phase_comparison(project)
    assert comparison["overall"]["after"] > comparison["overall"]["before"]
