"""Before (initiation, Положение п.10.1) vs after (closure, п.10.5), side by side with the change."""

from decimal import Decimal

from django.urls import reverse

from projects.models import Project
from surveys.selectors import phase_comparison
from tests.factories import make_project
from tests.surveys.factories import answer, make_survey

D = Decimal


def _project_with_both(world):
    project = make_project(world)
    before = make_survey(world, project, phase="initiation")
    answer(before, (2, 1, 1, 3, 2), department=world.department)
    answer(before, (3, 2, 1, 2, 2), organisation="МФЦ")
    answer(before, (2, 2, 2, 3, 3), organisation="МФЦ")
    Project.objects.filter(pk=project.pk).update(status="results")
    project.refresh_from_db()
    after = make_survey(world, project, phase="closure")
    answer(after, (4, 4, 3, 4, 3), department=world.department)
    answer(after, (3, 4, 4, 3, 4), department=world.other_department)
    answer(after, (4, 3, 3, 4, 4), organisation="МФЦ")
    answer(after, (4, 4, 4, 4, 4), organisation="ООО «Ромашка»")
    return project, before, after


def test_no_comparison_until_both_phases_exist(world):
    project = make_project(world)
    assert phase_comparison(project) is None
    answer(make_survey(world, project), (3, 3, 3, 3, 3))
    assert phase_comparison(project) is None


def test_before_and_after_with_the_change(world):
    project, _before, _after = _project_with_both(world)
    comparison = phase_comparison(project)
    rows = [(q["number"], q["before"], q["after"], q["change"]) for q in comparison["questions"]]
    # By hand: before 7/3, 5/3, 4/3, 8/3, 7/3; after 15/4, 15/4, 14/4, 15/4, 15/4.
    assert rows == [
        (1, D("2.33"), D("3.75"), D("1.42")),
        (2, D("1.67"), D("3.75"), D("2.08")),
        (3, D("1.33"), D("3.50"), D("2.17")),
        (4, D("2.67"), D("3.75"), D("1.08")),
        (5, D("2.33"), D("3.75"), D("1.42")),
    ]
    # Overall: 31/15 = 2.07 before, 74/20 = 3.70 after.
    assert comparison["overall"] == {"before": D("2.07"), "after": D("3.70"), "change": D("1.63")}
    assert comparison["respondents"] == {"before": 3, "after": 4, "change": 1}
    assert comparison["organisations"] == {"before": 2, "after": 4, "change": 2}


def test_project_and_survey_pages_show_before_and_after(client, world):
    project, _before, after = _project_with_both(world)
    client.force_login(world.observer)
    for url in (project.get_absolute_url(), after.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "При инициации" in html and "При закрытии" in html
        assert "2,07" in html and "3,70" in html and "+1,63" in html
    assert reverse("surveys:export", args=[project.pk, after.pk]) in html
