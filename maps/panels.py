"""The maps panel of the project page (registered in `projects.panels`): both diagrams and the
before/after metrics side by side (issue 4 «Done when»)."""

from __future__ import annotations

from projects.choices import Status

from . import permissions
from .choices import MapKind
from .metrics import compare, compute, share_formula
from .selectors import approved_versions, map_data, maps_of
from .svg import render_data_svg

# Before the card is signed there are no maps to show (Положение п.15–16).
NO_MAPS_YET = {Status.DRAFT, Status.CARD_REVIEW, Status.CARD_SIGNING, Status.REJECTED}


def _overview(data, prefix: str) -> str:
    """The whole map in one row (up to 30 steps), without legend and texts: an overview that shows
    the shape of the process — how many lanes, hand-offs and red steps — and opens the map."""
    if not data.steps:
        return ""
    return render_data_svg(data, columns=min(len(data.steps), 30), id_prefix=prefix, compact=True)


def map_panel(project, user) -> list[dict]:
    if project.status in NO_MAPS_YET:
        return []
    maps = maps_of(project=project)
    current = maps.get(MapKind.CURRENT)
    target = maps.get(MapKind.TARGET)
    current_data = map_data(current, kind=MapKind.CURRENT, title=project.title)
    target_data = map_data(target, kind=MapKind.TARGET, title=project.title)
    current_metrics = compute(current_data) if current else None
    target_metrics = compute(target_data) if target else None
    versions = approved_versions(project=project) if (current or target) else {}
    data = {
        "current": current,
        "target": target,
        "current_svg": _overview(current_data, f"panel-c{project.pk}"),
        "target_svg": _overview(target_data, f"panel-t{project.pk}"),
        "comparison": compare(current_metrics, target_metrics, long=False) if current_metrics else [],
        "current_formula": share_formula(current_metrics) if current_metrics else "",
        "target_formula": share_formula(target_metrics) if target_metrics else "",
        "problems": len(current_data.problems),
        "proposals": len(target_data.proposals),
        "can_edit_current": permissions.can_edit_map(project, user, MapKind.CURRENT),
        "can_edit_target": permissions.can_edit_map(project, user, MapKind.TARGET),
        "versions": versions,
        "stage": project.status,
    }
    return [{"template": "maps/partials/panel.html", "data": data}]
