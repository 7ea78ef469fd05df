"""The criteria of Положение п.12 and п.14, recorded item by item (issue 19.6): services and reads.

- п.12: an initiative must meet three conditions. The department head records his judgement of
  each, with a comment, when he decides on an employee's initiative (`projects.initiatives`) or,
  for a card he starts himself, before he submits it; the card is not submitted while an item is
  missing or judged «не соответствует».
- п.14: within 10 working days the coordinator weighs five data items of the card. He records a
  verdict and a comment for each before he approves, returns or rejects it; a card sent again
  after a return is a new review round and is assessed again. An item judged «не соответствует»
  stops the approval: the card is returned or rejected instead.

The assessments are shown on the project page and in the card's printout, and the journal row of
each decision (approval, return, rejection) keeps them as they were."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from org.models import User
from workdays import clock

from . import panels, rules, snapshots
from . import permissions as perms
from .choices import CriterionKind, CriterionVerdict, Status
from .exceptions import ActionRefused
from .models import CriterionAssessment, Project

P12, P14 = CriterionKind.INITIATIVE.value, CriterionKind.CARD_REVIEW.value

# The items as the regulation words them.
ITEMS: dict[str, list[tuple[int, str]]] = {
    P12: [
        (
            1,
            _lazy(
                "Повышение эффективности и результативности деятельности подразделения администрации "
                "в результате реализации проекта"
            ),
        ),
        (
            2,
            _lazy(
                "Экономия ресурсов, снижение потерь в процессах, улучшение качества и эффективности "
                "процессов, максимальное увеличение полезности продуктов для клиента"
            ),
        ),
        (3, _lazy("Постоянный характер реализации процесса, предлагаемого к оптимизации")),
    ],
    P14: [
        (1, _lazy("Проблемы (причины внедрения), цели и способы их достижения")),
        (
            2,
            _lazy(
                "Ожидаемые выгоды от реализации проекта (экономия ресурсов, повышение производительности "
                "труда и другие)"
            ),
        ),
        (3, _lazy("Временные и финансовые затраты на реализацию проекта")),
        (4, _lazy("Сведения о необходимости автоматизации процессов в рамках проекта")),
        (
            5,
            _lazy(
                "Влияние результатов и эффектов проекта на достижение целей и решение задач "
                "подразделения (взаимосвязь с целевыми показателями муниципальных программ)"
            ),
        ),
    ],
}
CLAUSE = {P12: "п.12", P14: "п.14"}


def item_text(kind: str, item: int) -> str:
    return str(dict(ITEMS[kind]).get(item, ""))


# --- Reads -----------------------------------------------------------------------------------------


def review_round(project: Project) -> int:
    """The card's n-th submission to the coordinator (п.13); п.14 is assessed once per round."""
    return project.journal.filter(action="submit_card").count()


def _round_of(project: Project, kind: str) -> int:
    return review_round(project) if kind == P14 else 0


def current(project: Project, kind: str) -> dict[int, CriterionAssessment]:
    """The assessments in force: п.12 as last recorded, п.14 of the current review round."""
    if not project.pk:
        return {}
    rows = (
        CriterionAssessment.objects.filter(project=project, kind=kind, review_round=_round_of(project, kind))
        .select_related("by")
        .order_by("item")
    )
    return {row.item: row for row in rows}


@dataclass(frozen=True)
class Row:
    item: int
    text: str
    assessment: CriterionAssessment | None


def rows(project: Project, kind: str) -> list[Row]:
    found = current(project, kind)
    return [Row(n, str(text), found.get(n)) for n, text in ITEMS[kind]]


def _missing(project: Project, kind: str) -> list[int]:
    found = current(project, kind)
    return [n for n, _text in ITEMS[kind] if n not in found]


def _not_met(project: Project, kind: str) -> list[int]:
    return [n for n, a in current(project, kind).items() if a.verdict == CriterionVerdict.NOT_MET]


def _numbers(items: list[int]) -> str:
    return ", ".join(str(n) for n in items)


def initiative_blockers(project: Project) -> list[str]:
    """Положение п.12: the card goes to the coordinator only for an initiative judged against all
    three conditions, none of them unmet."""
    messages = []
    missing = _missing(project, P12)
    if missing:
        messages.append(
            _(
                "Не записана оценка инициативы по условиям п.12 (пункты %(items)s): руководитель "
                "подразделения оценивает каждое условие с комментарием до направления карточки."
            )
            % {"items": _numbers(missing)}
        )
    not_met = _not_met(project, P12)
    if not_met:
        messages.append(
            _(
                "Инициатива не соответствует условиям п.12 (пункты %(items)s): такую карточку "
                "координатору не направляют."
            )
            % {"items": _numbers(not_met)}
        )
    return messages


def review_blockers(project: Project) -> list[str]:
    """Положение п.14: the coordinator decides on the card (approves, returns, rejects) after he has
    recorded each of the five data items with a verdict and a comment."""
    if project.status != Status.CARD_REVIEW:
        return []  # the mayor's rejection at signing: the coordinator assessed it before agreeing
    missing = _missing(project, P14)
    if not missing:
        return []
    return [
        _(
            "Не записана оценка карточки координатором по п.14 (пункты %(items)s): оцените каждый "
            "пункт и поясните оценку, затем примите решение."
        )
        % {"items": _numbers(missing)}
    ]


def approval_blockers(project: Project) -> list[str]:
    messages = review_blockers(project)
    not_met = _not_met(project, P14) if project.status == Status.CARD_REVIEW else []
    if not_met:
        messages.append(
            _(
                "По п.14 карточка оценена как не соответствующая (пункты %(items)s): согласовать её "
                "нельзя — верните карточку на доработку или отклоните проект."
            )
            % {"items": _numbers(not_met)}
        )
    return messages


rules.register("submit_card", initiative_blockers)
rules.register("approve_card", approval_blockers)
rules.register("return_card", review_blockers)
rules.register("reject_card", review_blockers)


# --- Who records -----------------------------------------------------------------------------------


def can_record(project: Project, user: User, kind: str) -> bool:
    """п.12: the head of the department who submits the card (its lead) while it is a draft;
    п.14: the coordinator of the direction while the card is under his review."""
    if kind == P12:
        return project.status == Status.DRAFT and perms.is_project_lead(project, user)
    if kind == P14:
        return project.status == Status.CARD_REVIEW and perms.is_project_coordinator(project, user)
    return False


# --- Writes ----------------------------------------------------------------------------------------


def _clean_items(kind: str, items: dict[int, tuple[str, str]]) -> dict[int, tuple[str, str]]:
    known = dict(ITEMS[kind])
    cleaned: dict[int, tuple[str, str]] = {}
    for item, (verdict, comment) in items.items():
        if item not in known:
            raise ActionRefused(_("Нет такого пункта в перечне %(clause)s.") % {"clause": CLAUSE[kind]})
        if verdict not in CriterionVerdict.values:
            raise ActionRefused(_("Выберите оценку по пункту %(n)s.") % {"n": item})
        comment = (comment or "").strip()
        if not comment:
            raise ActionRefused(_("Поясните оценку по пункту %(n)s: нужен комментарий.") % {"n": item})
        cleaned[item] = (verdict, comment)
    if not cleaned:
        raise ActionRefused(_("Оцените хотя бы один пункт."))
    return cleaned


@transaction.atomic
def criteria_record(
    *, project: Project, kind: str, items: dict[int, tuple[str, str]], by: User
) -> list[CriterionAssessment]:
    """Records the verdict and comment of the given items of п.12 or п.14 (issue 19.6); an item
    recorded again in the same round replaces the earlier verdict. Journalled with what is in force
    after the change."""
    if kind not in ITEMS:
        raise ActionRefused(_("Неизвестный перечень критериев."))
    locked = (
        Project.objects.select_for_update(of=("self",))
        .select_related("department__direction")
        .get(pk=project.pk)
    )
    if not can_record(locked, by, kind):
        if kind == P12:
            raise ActionRefused(
                _(
                    "Условия п.12 оценивает руководитель подразделения — руководитель проекта — пока "
                    "карточка не направлена координатору."
                )
            )
        raise ActionRefused(
            _(
                "Оценку карточки по п.14 записывает координатор направления, пока карточка у него "
                "на рассмотрении."
            )
        )
    cleaned = _clean_items(kind, items)
    now = clock.now()
    round_ = _round_of(locked, kind)
    saved = []
    for item, (verdict, comment) in sorted(cleaned.items()):
        assessment, _created = CriterionAssessment.objects.update_or_create(
            project=locked,
            kind=kind,
            review_round=round_,
            item=item,
            defaults={"verdict": verdict, "comment": comment, "by": by, "at": now},
        )
        saved.append(assessment)
    from .services import _journal

    _journal(
        locked,
        by=by,
        action=f"criteria_{kind}",
        label=(
            _("Записана оценка инициативы по условиям п.12 (пункты %(items)s)")
            if kind == P12
            else _("Координатор записал оценку карточки по п.14 (пункты %(items)s)")
        )
        % {"items": _numbers(sorted(cleaned))},
        snapshot_kind="criteria",
        snapshot=criteria_snapshot(locked),
    )
    return saved


def criteria_copy(*, project: Project, assessed: list[dict], by: User, at) -> None:
    """The department head's п.12 judgement of an employee's initiative becomes the card's (п.11–12)."""
    for row in assessed:
        CriterionAssessment.objects.update_or_create(
            project=project,
            kind=P12,
            review_round=0,
            item=int(row["item"]),
            defaults={"verdict": row["verdict"], "comment": row["comment"], "by": by, "at": at},
        )


# --- Snapshot, panel -------------------------------------------------------------------------------


def _assessment_dict(kind: str, n: int, text: str, a: CriterionAssessment | None) -> dict:
    if a is None:
        return {"item": n, "text": str(text), "verdict": "", "verdict_label": "", "comment": ""}
    return {
        "item": n,
        "text": str(text),
        "verdict": a.verdict,
        "verdict_label": str(a.verdict_choice.label),
        "comment": a.comment,
        "by": a.by.surname_initials if a.by_id else "",
        "at": timezone.localtime(a.at).strftime("%d.%m.%Y") if a.at else "",
    }


def criteria_snapshot(project: Project) -> dict:
    """The assessments in force, as printed on the card and kept in the journal of a decision."""
    result: dict = {"round": review_round(project)}
    for kind in (P12, P14):
        found = current(project, kind)
        result[kind] = [_assessment_dict(kind, n, text, found.get(n)) for n, text in ITEMS[kind]]
    return result


snapshots.register("criteria", criteria_snapshot)


def criteria_panel(project: Project, user: User) -> list[dict]:
    """The assessments on the project page, with the form for whoever records them now."""
    if project.status not in (Status.DRAFT, Status.CARD_REVIEW, Status.CARD_SIGNING):
        return []
    from .forms_initiatives import CriteriaForm

    kinds = [P12] if project.status == Status.DRAFT else [P12, P14]
    blocks = []
    for kind in kinds:
        editable = can_record(project, user, kind)
        if kind == P14 and not editable and not current(project, kind):
            continue
        blocks.append(
            {
                "kind": kind,
                "title": str(CriterionKind(kind).label),
                "rows": rows(project, kind),
                "form": CriteriaForm(kind=kind, project=project) if editable else None,
            }
        )
    if not blocks:
        return []
    return [{"template": "projects/partials/criteria_panel.html", "data": {"blocks": blocks}}]


panels.register(criteria_panel)
