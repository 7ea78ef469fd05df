"""The conditions of the lifecycle's transitions: what must be filled before an act is possible
(DESIGN §2 «Conditions check substance»).

Each condition has a `*_blockers(project) -> list[str]` function that says in Russian what is
missing; the FSM condition is «no blockers». Other apps add their checks for a transition with
`register(transition_name, check)` from their AppConfig.ready(): the maps app for the map stages,
the plan for the plan stages, and so on."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Project

Check = Callable[["Project"], list[str]]
_checks: dict[str, list[Check]] = defaultdict(list)


def register(transition: str, check: Check) -> None:
    if check not in _checks[transition]:
        _checks[transition].append(check)


def blockers(transition: str, project: Project) -> list[str]:
    messages: list[str] = []
    for check in _checks.get(transition, []):
        messages.extend(check(project))
    return messages


def card_blockers(project: Project) -> list[str]:
    from .card_checks import check_card

    return [issue.message for issue in check_card(project) if issue.blocking]


def card_complete(project: Project) -> bool:  # Положение п.13; МР п.4.5
    return not card_blockers(project)


def card_submittable(project: Project) -> bool:  # Положение п.12–13; МР п.4.5
    return not blockers("submit_card", project)


def card_approvable(project: Project) -> bool:  # Положение п.8.2–8.3, 14
    return not blockers("approve_card", project)


def card_returnable(project: Project) -> bool:  # Положение п.14
    return not blockers("return_card", project)


def card_rejectable(project: Project) -> bool:  # Положение п.8.1, 14
    return not blockers("reject_card", project)


def current_map_done(project: Project) -> bool:  # Положение п.16.1
    return not blockers("complete_current_map", project)


def target_map_done(project: Project) -> bool:  # Положение п.16.2
    return not blockers("complete_target_map", project)


def plan_ready(project: Project) -> bool:  # Положение п.17–18
    return not blockers("submit_plan", project)


def implementation_done(project: Project) -> bool:  # Положение п.24
    return not blockers("complete_implementation", project)


def report_ready(project: Project) -> bool:  # Положение п.24–25
    return not blockers("send_report", project)


def closure_ready(project: Project) -> bool:  # Положение п.29
    return not blockers("close", project)


def defence_held(project: Project) -> bool:  # Положение п.27, 29; МР п.8
    return not blockers("decide_after_defence", project)


# The card's own checks are registered here; the FSM conditions above read the registry.
register("submit_card", card_blockers)
register("approve_card", card_blockers)

# What a transition is blocked by, for the message shown on a refusal.
TRANSITION_CHECKS = {
    "submit_card": "submit_card",
    "approve_card": "approve_card",
    "return_card": "return_card",
    "reject_card": "reject_card",
    "complete_current_map": "complete_current_map",
    "complete_target_map": "complete_target_map",
    "submit_plan": "submit_plan",
    "approve_plan": "submit_plan",
    "resubmit_plan": "submit_plan",
    "complete_implementation": "complete_implementation",
    "send_report": "send_report",
    "recommend_closure": "send_report",
    "close": "close",
    "return_to_implementation": "decide_after_defence",
}


def transition_blockers(name: str, project: Project) -> list[str]:
    key = TRANSITION_CHECKS.get(name)
    return blockers(key, project) if key else []
