"""The risks of not reaching the project's results (Положение п.10.2 «определение рисков»; МР п.5.2):
recorded by the lead and the team during the diagnostic stage and the forming of the plan, shown with
the target map, on the plan page, in the plan's PDF and in the working presentation (п.9.9)."""

import pytest
from django.urls import reverse

from documents.plan import plan_file
from documents.working import working_file
from projects import planning, risks
from projects.exceptions import ActionRefused
from projects.forms import RiskFormSet
from projects.models import Project, ProjectRisk
from tests.documents.conftest import Pdf
from tests.factories import advance, ensure_target_map, make_project

RISK = "Межведомственные ответы приходят позже 5 рабочих дней"


def _post(rows, existing=()):
    data = {
        "risk-TOTAL_FORMS": str(len(rows)),
        "risk-INITIAL_FORMS": str(len(existing)),
        "risk-MIN_NUM_FORMS": "0",
        "risk-MAX_NUM_FORMS": "50",
    }
    for i, row in enumerate(rows):
        if i < len(existing):
            data[f"risk-{i}-id"] = str(existing[i].pk)
        for key, value in row.items():
            data[f"risk-{i}-{key}"] = value
    return data


def _row(**kwargs):
    return {
        "risk": RISK,
        "probability": "high",
        "impact": "medium",
        "owner": "Петров П.П., начальник отдела",
        "mitigation": "Договориться о сроках с ведомствами, перейти на СМЭВ",
        **kwargs,
    }


def _target(world):
    project = advance(make_project(world), world, "target_map")
    ensure_target_map(project, by=world.lead)
    return project


def test_p10_2_risks_recorded_by_the_team_and_shown_with_the_target_map(client, world):
    project = _target(world)
    client.force_login(world.member)
    url = reverse("projects:risks", args=[project.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _post([_row()]))
    assert response.status_code == 302
    risk = ProjectRisk.objects.get(project=project)
    assert (risk.risk, risk.probability, risk.impact, risk.order) == (RISK, "high", "medium", 1)

    page = client.get(reverse("maps:map", args=[project.pk, "target"])).content.decode()
    assert "Риски недостижения результатов проекта" in page and RISK in page
    assert "высокая" in page
    assert "Риски недостижения результатов" in client.get(project.get_absolute_url()).content.decode()


def test_p10_2_risks_bad_input_keeps_what_was_typed_with_russian_messages(client, world):
    project = _target(world)
    client.force_login(world.lead)
    url = reverse("projects:risks", args=[project.pk])
    long_text = "р" * 501
    response = client.post(url, _post([_row(risk=long_text, owner="", mitigation="м" * 1001)]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "не более 500 символов" in html and "не более 1000 символов" in html
    assert "Обязательное поле" in html
    assert long_text in html  # kept
    assert not ProjectRisk.objects.exists()


def test_p10_2_risks_refused_to_others_and_outside_the_stages(client, world):
    project = _target(world)
    formset = RiskFormSet(_post([_row()]), instance=project, queryset=risks.risks_of(project), prefix="risk")
    assert formset.is_valid(), formset.errors
    for who in (world.coordinator, world.mayor, world.other_lead):
        with pytest.raises(ActionRefused, match="руководитель проекта и его команда"):
            risks.risks_save(project=project, by=who, formset=formset)
    client.force_login(world.coordinator)
    url = reverse("projects:risks", args=[project.pk])
    response = client.post(url, _post([_row()]), follow=True)
    assert "руководитель проекта и его команда" in response.content.decode()
    assert not ProjectRisk.objects.exists()

    risks.risks_save(project=project, by=world.lead, formset=formset)
    # under the coordinator's review the plan (and its risks) are frozen (п.19)
    Project.objects.filter(pk=project.pk).update(status="plan_review")
    project.refresh_from_db()
    formset = RiskFormSet(
        _post([_row(risk="Другой")], existing=list(risks.risks_of(project))),
        instance=project,
        queryset=risks.risks_of(project),
        prefix="risk",
    )
    assert formset.is_valid(), formset.errors
    with pytest.raises(ActionRefused, match="этапах диагностики процесса и формирования плана"):
        risks.risks_save(project=project, by=world.lead, formset=formset)
    assert ProjectRisk.objects.get().risk == RISK


def test_p10_2_risks_in_the_plan_page_its_pdf_and_the_working_presentation(client, world):
    project = advance(make_project(world), world, "plan_drafting")
    formset = RiskFormSet(_post([_row()]), instance=project, queryset=risks.risks_of(project), prefix="risk")
    assert formset.is_valid(), formset.errors
    risks.risks_save(project=project, by=world.lead, formset=formset)
    planning.plan_start(project=project, by=world.lead)

    client.force_login(world.coordinator)
    page = client.get(reverse("projects:plan", args=[project.pk])).content.decode()
    assert RISK in page and "Договориться о сроках" in page

    pdf = Pdf(plan_file(project).content)
    assert pdf.has("Риски недостижения результатов проекта") and pdf.has(RISK)
    assert pdf.has("высокая") and pdf.has("Петров П.П., начальник отдела")

    working = Pdf(working_file(project).content)
    assert working.has("Риски недостижения результатов проекта") and working.has(RISK)
