"""The risks of not reaching the project's results (Положение п.10.2: «определение рисков»; МР п.5.2):
recorded by the lead and the team while they diagnose the process and form the plan, shown with the
target map, on the plan page and in its PDF, and in the working presentation (п.9.9)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from . import panels
from . import permissions as perms
from .choices import RiskLevel, Status
from .exceptions import ActionRefused
from .models import Project, ProjectRisk

if TYPE_CHECKING:
    from org.models import User

# The diagnostic stage and the forming of the plan (Положение п.10.2–10.3; п.16–18, 20).
RISK_EDIT_STAGES = frozenset(
    {Status.CURRENT_MAP, Status.TARGET_MAP, Status.PLAN_DRAFTING, Status.PLAN_REWORK}
)
# From the opening on the page shows them (read-only outside the stages above).
RISK_SHOWN = frozenset(
    {
        Status.CURRENT_MAP,
        Status.TARGET_MAP,
        Status.PLAN_DRAFTING,
        Status.PLAN_REVIEW,
        Status.PLAN_REWORK,
        Status.IMPLEMENTATION,
        Status.RESULTS,
        Status.REPORT_REVIEW,
        Status.DEFENCE,
        Status.CLOSED,
        Status.SUSPENDED,
    }
)


def risks_of(project: Project) -> QuerySet[ProjectRisk]:
    return ProjectRisk.objects.filter(project_id=project.pk).order_by("order", "id")


def risk_rows(project: Project) -> list[dict[str, Any]]:
    """The risks as plain data for the documents (plan PDF, presentations)."""
    return [
        {
            "number": n,
            "risk": r.risk,
            "probability": str(RiskLevel.label_of(r.probability)),
            "impact": str(RiskLevel.label_of(r.impact)),
            "owner": r.owner,
            "mitigation": r.mitigation,
        }
        for n, r in enumerate(risks_of(project), start=1)
    ]


def can_edit_risks(project: Project, user: User) -> bool:
    """The lead and the team, while they diagnose the process and form the plan."""
    return project.status in RISK_EDIT_STAGES and perms.is_project_team(project, user)


def edit_refusal(project: Project, user: User) -> str:
    if not perms.is_project_team(project, user):
        return _("Риски определяют руководитель проекта и его команда (Положение п.10.2; МР п.5).")
    return _(
        "Риски определяются на этапах диагностики процесса и формирования плана (Положение п.10.2; МР п.5), "
        "а проект сейчас на стадии «%(stage)s»."
    ) % {"stage": project.get_status_display()}


@transaction.atomic
def risks_save(*, project: Project, by: User, formset) -> list[ProjectRisk]:
    """Saves the risks of the project from a valid formset: new rows numbered after the others,
    deleted rows removed (Положение п.10.2; МР п.5)."""
    project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    if not can_edit_risks(project, by):
        raise ActionRefused(edit_refusal(project, by))
    saved = formset.save(commit=False)
    for risk in formset.deleted_objects:
        if risk.project_id != project.pk:
            raise ActionRefused(_("Риск другого проекта."))
        risk.delete()
    top = max(risks_of(project).values_list("order", flat=True), default=0)
    for risk in saved:
        if risk.pk is not None and risk.project_id != project.pk:
            raise ActionRefused(_("Риск другого проекта."))
        risk.project = project
        if risk.pk is None:
            top += 1
            risk.order = top
        try:
            risk.full_clean()
        except ValidationError as exc:
            raise ActionRefused(" ".join(exc.messages)) from None
        risk.save()
    return list(risks_of(project))


def risk_panel(project: Project, user: User) -> list[dict]:
    """The risks on the project page from the opening on: how many, how many high, the link."""
    if project.status not in RISK_SHOWN:
        return []
    risks = list(risks_of(project))
    can_edit = can_edit_risks(project, user)
    if not risks and not can_edit:
        return []
    return [
        {
            "template": "projects/partials/risk_panel.html",
            "data": {
                "count": len(risks),
                "high": sum(1 for r in risks if RiskLevel.HIGH in (r.probability, r.impact)),
                "can_edit": can_edit,
            },
        }
    ]


panels.register(risk_panel)
