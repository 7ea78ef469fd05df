"""When a map is done (Положение п.16; issue 4 «Stage conditions»): registered in
`projects.rules` for the transitions `complete_current_map` and `complete_target_map`.

- The current map is done when it has steps with durations and numbered problems (Прил. 2:
  «1, 2, 3, n — текстовое описание проблемы. Час. мин. — длительность …»).
- The target map is done when every problem of the current map has a proposal or an explicit
  reason why it has none (Прил. 2; п.17: the plan is built from the problems and the proposals)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .choices import MapKind
from .models import ProcessMap


def _numbering_gap(numbers: list[int], what: str) -> list[str]:
    if numbers != list(range(1, len(numbers) + 1)):
        return [
            _("Номера %(what)s должны идти подряд с 1 без пропусков, сейчас: %(n)s.")
            % {"what": what, "n": ", ".join(map(str, numbers))}
        ]
    return []


def current_map_blockers(project) -> list[str]:  # Положение п.16.1, Прил. 2
    process_map = ProcessMap.objects.filter(project=project, kind=MapKind.CURRENT).first()
    if process_map is None:
        return [
            _(
                "Карта текущего состояния не начата: добавьте участников процесса, шаги с длительностью и пронумерованные проблемы (Прил. 2)."
            )
        ]
    messages = []
    steps = list(process_map.steps.order_by("order", "id").values_list("duration_minutes", flat=True))
    if not steps:
        messages.append(
            _("На карте текущего состояния нет ни одного шага: добавьте шаги процесса с длительностью.")
        )
    else:
        missing = [str(n) for n, minutes in enumerate(steps, start=1) if not minutes or minutes < 1]
        if missing:
            messages.append(_("Не указана длительность у шагов № %(n)s.") % {"n": ", ".join(missing)})
    numbers = list(process_map.problems.order_by("number").values_list("number", flat=True))
    if not numbers:
        messages.append(
            _(
                "На карте текущего состояния не выявлено ни одной проблемы: опишите и пронумеруйте проблемы процесса (п.9.9в)."
            )
        )
    messages.extend(_numbering_gap(numbers, _("проблем")))
    return messages


def target_map_blockers(project) -> list[str]:  # Положение п.16.2, п.17
    target = ProcessMap.objects.filter(project=project, kind=MapKind.TARGET).first()
    if target is None:
        return [_("Карта целевого состояния не начата: начните её с копии карты текущего состояния.")]
    messages = []
    if not target.steps.exists():
        messages.append(_("На карте целевого состояния нет ни одного шага."))
    numbers = list(target.proposals.order_by("number").values_list("number", flat=True))
    messages.extend(_numbering_gap(numbers, _("предложений")))
    current = ProcessMap.objects.filter(project=project, kind=MapKind.CURRENT).first()
    if current is not None:
        open_problems = (
            current.problems.filter(proposals__isnull=True, no_proposal_reason="")
            .order_by("number")
            .values_list("number", flat=True)
        )
        open_problems = list(dict.fromkeys(open_problems))
        if open_problems:
            messages.append(
                _(
                    "Для проблем № %(n)s нет ни предложения по улучшению, ни причины, почему их не решаем: добавьте предложение или укажите причину."
                )
                % {"n": ", ".join(map(str, open_problems))}
            )
    return messages
