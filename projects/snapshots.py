"""Snapshots of approved artefacts, stored in the journal so that a signed card, an approved plan or
a report reads exactly as it was approved (DESIGN §2, §4). Other apps register their artefacts."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Project

_providers: dict[str, Callable[[Project], dict[str, Any]]] = {}


def register(kind: str, provider: Callable[[Project], dict[str, Any]]) -> None:
    _providers[kind] = provider


def take(kind: str, project: Project) -> dict[str, Any] | None:
    provider = _providers.get(kind)
    return provider(project) if provider else None


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.id, "name": user.full_name, "short": user.short_name, "position": user.position}


def card_snapshot(project: Project) -> dict[str, Any]:
    """Everything the card (Прил. 1) prints, with ids so that a refused change can be restored."""
    return {
        "number": project.number,
        "title": project.title,
        "department": {"id": project.department_id, "name": project.department.name},
        "lead": _person(project.lead),
        "coordinator": _person(project.coordinator),
        "source": project.source,
        "source_reference": project.source_reference,
        "process_customer": project.process_customer,
        "project_customer": project.project_customer,
        "process_owner": project.process_owner,
        "perimeter": [{"id": d.id, "name": d.name} for d in project.perimeter.all().order_by("name")],
        "perimeter_note": project.perimeter_note,
        "boundary_start": project.boundary_start,
        "boundary_end": project.boundary_end,
        "key_risk": project.key_risk,
        "scale": project.scale,
        "dissatisfaction": project.dissatisfaction,
        "problems": project.problems,
        "indicators": [
            {
                "id": i.pk,  # matches the indicator's monitoring when a new text is applied
                "name": i.name,
                "unit": i.unit,
                "current_value": _num(i.current_value),
                "target_value": _num(i.target_value),
                "direction": i.direction,
                "measurement": i.measurement,
            }
            for i in project.indicators.all()
        ],
        "key_events": {
            "start_date": project.start_date,
            "diagnostics_start": project.diagnostics_start,
            "diagnostics_end": project.diagnostics_end,
            "implementation_start": project.implementation_start,
            "implementation_end": project.implementation_end,
            "closure_start": project.closure_start,
            "closing_meeting_date": project.closing_meeting_date,
        },
        "team": [
            {
                "user": _person(m.user),
                "kind": m.kind,
                "team_role": m.team_role,
                "responsibilities": m.responsibilities,
            }
            for m in project.members.select_related("user").all()
        ],
        "stakeholders": [
            {
                "name": s.name,
                "interest": s.interest,
                "influence": s.influence,
                "attitude": s.attitude,
                "engagement": s.engagement,
            }
            for s in project.stakeholders.all()
        ],
        # the criteria of п.12 and п.14 as recorded when this version was made (issue 19.6)
        "criteria": take("criteria", project),
    }


register("card", card_snapshot)
