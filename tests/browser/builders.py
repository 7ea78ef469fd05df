"""Projects at a given stage, built through the services before the browser starts (the pages under
test are then opened as their users see them)."""

from __future__ import annotations

import datetime as dt

from maps import services as map_services
from projects import planning, results, services
from projects.choices import Status
from projects.forms import ActivityForm
from projects.forms_results import IndicatorResultFormSet, ReportForm
from projects.models import Project
from tests.factories import World, advance, build_current_map, make_project, settle_survey


def with_plan(world: World, project: Project | None = None) -> Project:
    """A project in «Формирование плана» with one activity per problem of the current map."""
    project = advance(project or make_project(world), world, "plan_drafting")
    revision = planning.plan_start(project=project, by=world.lead)
    problems = planning.current_map_problems(project)
    for n, problem in enumerate(problems, start=1):
        form = ActivityForm(
            {
                "title": f"Мероприятие {n}: устранить «{problem.text}»",
                "problems": [problem.pk],
                "root_cause": "Нет единого перечня документов",
                "responsible": (world.member if n % 2 else world.lead).pk,
                "deadline": (project.implementation_start + dt.timedelta(days=10 * n)).isoformat(),
                "expected_result": "Заявитель приходит один раз",
            },
            project=project,
            problems=problems,
        )
        assert form.is_valid(), form.errors
        planning.activity_save(revision=revision, by=world.lead, form=form)
    return project


def mapping(world: World) -> Project:
    """«Карта текущего состояния» with lanes, steps and problems on the map."""
    project = advance(make_project(world, title="Карта в работе"), world, "current_map")
    build_current_map(project, by=world.member)
    return project


def targeting(world: World) -> Project:
    """«Карта целевого состояния» started from the copy, no proposal yet: every problem asks why."""
    project = advance(make_project(world, title="Целевая карта в работе"), world, "target_map")
    map_services.target_map_start(project=project, by=world.member)
    return project


def in_results(world: World) -> Project:
    """Every activity of the approved plan done: «Оценка результатов» (п.24)."""
    project = with_plan(world, make_project(world, title="Отчёт в работе"))
    services.transition_perform(project=project, by=world.lead, action="submit_plan")
    services.transition_perform(project=project, by=world.coordinator, action="approve_plan")
    for activity in planning.current_revision(project).activities.order_by("number"):
        planning.activity_move(
            activity=activity, by=world.lead, to="done", expected_version=activity.version, evidence="Сделано"
        )
    project.refresh_from_db()
    assert project.status == Status.RESULTS
    return project


def report_sent(world: World) -> Project:
    """The report with its actual values and effect sent to the coordinator (п.25)."""
    project = in_results(world)
    report = results.report_start(project=project, by=world.lead)
    rows = list(report.indicator_results.order_by("indicator__order", "indicator_id"))
    data = {
        "summary": "Справка выдаётся за один визит",
        "staff_hours_per_year": "300",
        "money_per_year": "135000",
        "effect_calculation": "12 мин × 1 500 заявлений",
        "other_effects": "",
        "ind-TOTAL_FORMS": str(len(rows)),
        "ind-INITIAL_FORMS": str(len(rows)),
        "ind-MIN_NUM_FORMS": "0",
        "ind-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data[f"ind-{n}-id"] = str(row.pk)
        data[f"ind-{n}-actual_value"] = "4"
        data[f"ind-{n}-comment"] = "Журнал регистрации"
    form = ReportForm(data, instance=report)
    formset = IndicatorResultFormSet(
        data, queryset=report.indicator_results.order_by("indicator__order", "indicator_id"), prefix="ind"
    )
    assert form.is_valid(), form.errors
    assert formset.is_valid(), formset.errors
    results.report_save(project=project, by=world.lead, form=form, formset=formset)
    settle_survey(project, "closure")  # Положение п.10.5
    results.report_send(project=project, by=world.lead)
    project.refresh_from_db()
    assert project.status == Status.REPORT_REVIEW
    return project
