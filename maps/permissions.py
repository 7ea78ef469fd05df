"""Who edits which map and when (Положение п.16): the project team (the lead and its members)
develops the current map during the stage «Карта текущего состояния» and the target map during
«Карта целевого состояния»; everybody who may see the project reads both."""

from __future__ import annotations

from django.utils.translation import gettext as _

from projects.choices import Status
from projects.permissions import can_view, is_project_team

from .choices import MapKind

EDIT_STAGE = {MapKind.CURRENT: Status.CURRENT_MAP, MapKind.TARGET: Status.TARGET_MAP}


def can_read_maps(project, user) -> bool:
    return can_view(project, user)


def can_edit_map(project, user, kind: str) -> bool:
    return project.status == EDIT_STAGE.get(kind) and is_project_team(project, user)


def edit_refusal(project, user, kind: str) -> str | None:
    """Why this user may not edit this map now, in Russian; None when he may."""
    if not is_project_team(project, user):
        return _(
            "Карты процесса разрабатывает команда проекта (п.16): вы не входите в команду этого проекта."
        )
    if project.status != EDIT_STAGE.get(kind):
        if kind == MapKind.CURRENT:
            template = _(
                "Карта текущего состояния разрабатывается на стадии «Карта текущего состояния» (п.16.1), а проект сейчас на стадии «%(stage)s»."
            )
        else:
            template = _(
                "Карта целевого состояния разрабатывается на стадии «Карта целевого состояния» (п.16.2), а проект сейчас на стадии «%(stage)s»."
            )
        return template % {"stage": project.get_status_display()}
    return None
