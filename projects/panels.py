"""Panels other apps add to the project page (maps, plan, surveys, results …): each app registers a
function returning the templates to include, so the project page needs no knowledge of them."""

from __future__ import annotations

from collections.abc import Callable

_providers: list[Callable] = []


def register(provider: Callable) -> None:
    """provider(project, user) -> list of {"template": name, "data": {...}}; the page includes each
    template with `project` and `data` in its context."""
    if provider not in _providers:
        _providers.append(provider)


def project_panels(project, user) -> list[dict]:
    panels: list[dict] = []
    for provider in _providers:
        panels.extend(provider(project, user))
    return panels
