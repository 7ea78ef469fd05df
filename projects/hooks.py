"""Work that must happen inside the transaction of an act (unlike `signals.project_transitioned`,
which runs after commit): e.g. the plan's revision 1 becomes the executed plan when the
coordinator approves it (п.19)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

_hooks: dict[str, list[Callable]] = defaultdict(list)


def register(act_name: str, fn: Callable) -> None:
    """fn(project, *, by, comment) runs after the state has changed, before the journal row."""
    if fn not in _hooks[act_name]:
        _hooks[act_name].append(fn)


def run(act_name: str, project, *, by, comment: str, **inputs) -> None:
    """`inputs` are the act's extra inputs (defence_at, achievement, …)."""
    for fn in _hooks.get(act_name, []):
        fn(project, by=by, comment=comment, **inputs)
