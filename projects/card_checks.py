"""Quality checks of the project card (Прил. 1; МР п.4.5).

Blocking issues (an empty block, an indicator without numeric current and target values) stop the
card from being submitted; warnings (a slogan instead of a measurable goal, an activity named as a
result, block-4 periods longer than the statutory ones) are shown but never stop saving a draft."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from workdays.services import working_days_between

from .clocks import DIAGNOSTICS_WORKING_DAYS

if TYPE_CHECKING:
    from .models import Project, TargetIndicator

BLOCK1, BLOCK2, BLOCK3, BLOCK4, TEAM = "block1", "block2", "block3", "block4", "team"


@dataclass(frozen=True)
class CardIssue:
    section: str
    message: str
    blocking: bool
    field: str = ""


# МР п.4.5в: «В целях не должно быть "лозунгов", например, "повысить эффективность работы персонала"».
SLOGAN_PATTERNS = [
    r"\bповы\w* эффективност",
    r"\bулучш\w*",
    r"\bсовершенств\w*",
    r"\bоптимизир\w*",
    r"\bобеспеч\w*",
    r"\bусил\w*",
    r"\bкачеств\w* работы",
    r"\bэффективност\w* работы",
]
# МР п.4.5в: «в блоке не должно быть информации о мероприятиях … регламентация сроков, автоматизация».
ACTIVITY_PATTERNS = [
    r"\bавтоматизац\w*",
    r"\bрегламентац\w*",
    r"\bвнедрени\w*",
    r"\bразработк\w*",
    r"\bсоздани\w*",
    r"\bобучени\w*",
    r"\bзакупк\w*",
    r"\bустановк\w*",
    r"\bпереход\w* на\b",
    r"\bцифровизац\w*",
]


def indicator_warnings(indicator: TargetIndicator) -> list[str]:
    """Warnings for one indicator; used by the card form next to the row and by `check_card`."""
    name = (indicator.name or "").strip().lower()
    warnings: list[str] = []
    if not name:
        return warnings
    if any(re.search(p, name) for p in SLOGAN_PATTERNS) and not indicator.unit:
        warnings.append(
            _(
                "«%(name)s» похоже на лозунг, а не на измеримую цель: назовите показатель и единицу измерения (МР п.4.5в)."
            )
            % {"name": indicator.name}
        )
    if any(re.search(p, name) for p in ACTIVITY_PATTERNS):
        warnings.append(
            _(
                "«%(name)s» описывает мероприятие, а не результат: мероприятия войдут в план, а здесь нужен показатель процесса (МР п.4.5в)."
            )
            % {"name": indicator.name}
        )
    cur, tgt = indicator.current_value, indicator.target_value
    if cur is not None and tgt is not None:
        if indicator.direction == "decrease" and tgt > cur:
            warnings.append(
                _("«%(name)s»: показатель должен снижаться, но целевое значение больше текущего.")
                % {"name": indicator.name}
            )
        if indicator.direction == "increase" and tgt < cur:
            warnings.append(
                _("«%(name)s»: показатель должен расти, но целевое значение меньше текущего.")
                % {"name": indicator.name}
            )
    if not indicator.measurement:
        warnings.append(
            _("«%(name)s»: укажите, как измеряется показатель, — иначе его нельзя будет проверить на защите.")
            % {"name": indicator.name}
        )
    return warnings


def check_card(project: Project) -> list[CardIssue]:
    issues: list[CardIssue] = []

    def need(section: str, field: str, value, label: str) -> None:
        if not value or (isinstance(value, str) and not value.strip()):
            issues.append(CardIssue(section, _("Не заполнено: %(label)s.") % {"label": label}, True, field))

    # Block 1 (МР п.4.5а)
    need(BLOCK1, "process_customer", project.process_customer, _("заказчик процесса"))
    need(BLOCK1, "project_customer", project.project_customer, _("заказчик проекта"))
    need(BLOCK1, "process_owner", project.process_owner, _("владелец процесса"))
    if project.pk and not project.perimeter.exists() and not project.perimeter_note.strip():
        issues.append(
            CardIssue(
                BLOCK1,
                _("Не заполнено: периметр проекта (задействованные подразделения)."),
                True,
                "perimeter",
            )
        )
    need(BLOCK1, "boundary_start", project.boundary_start, _("граница процесса — начальный этап"))
    need(BLOCK1, "boundary_end", project.boundary_end, _("граница процесса — конечный этап"))
    if project.pk:
        team = set(project.members.filter(kind="member").values_list("user_id", flat=True))
        if not team - {project.lead_id}:
            issues.append(
                CardIssue(
                    TEAM, _("В команде проекта нет ни одного участника, кроме руководителя."), True, "members"
                )
            )
        if project.lead_id not in team:  # Положение п.8.2, 9.3 (issue 19.9)
            issues.append(
                CardIssue(
                    TEAM,
                    _(
                        "Руководитель проекта %(name)s не входит в команду проекта: включите его в "
                        "рабочую группу (раздел «Команда проекта»)."
                    )
                    % {"name": project.lead.full_name},
                    True,
                    "members",
                )
            )

    # Block 2 (МР п.4.5б)
    need(BLOCK2, "key_risk", project.key_risk, _("ключевой риск"))
    need(BLOCK2, "problems", project.problems, _("проблемы процесса"))
    if not (project.scale.strip() or project.dissatisfaction.strip()):
        issues.append(
            CardIssue(
                BLOCK2,
                _("Опишите масштаб процесса или неудовлетворённость заказчиков (МР п.4.5б)."),
                False,
                "scale",
            )
        )

    # Block 3 (МР п.4.5в)
    indicators = list(project.indicators.all()) if project.pk else []
    if not indicators:
        issues.append(CardIssue(BLOCK3, _("Нет ни одного целевого показателя."), True, "indicators"))
    for ind in indicators:
        if ind.current_value is None or ind.target_value is None:
            issues.append(
                CardIssue(
                    BLOCK3,
                    _("«%(name)s»: нужны числовые текущее и целевое значения.") % {"name": ind.name},
                    True,
                    "indicators",
                )
            )
        elif ind.current_value == ind.target_value:
            issues.append(
                CardIssue(
                    BLOCK3,
                    _("«%(name)s»: целевое значение совпадает с текущим.") % {"name": ind.name},
                    True,
                    "indicators",
                )
            )
        if not ind.unit.strip():
            issues.append(
                CardIssue(
                    BLOCK3,
                    _("«%(name)s»: укажите единицу измерения.") % {"name": ind.name},
                    True,
                    "indicators",
                )
            )
        for warning in indicator_warnings(ind):
            issues.append(CardIssue(BLOCK3, warning, False, "indicators"))

    # Block 4 (МР п.4.5г)
    dates = [
        ("start_date", project.start_date, _("старт проекта")),
        ("diagnostics_start", project.diagnostics_start, _("начало диагностики")),
        ("diagnostics_end", project.diagnostics_end, _("окончание диагностики")),
        ("implementation_start", project.implementation_start, _("начало внедрения")),
        ("implementation_end", project.implementation_end, _("окончание внедрения")),
        ("closure_start", project.closure_start, _("начало закрепления результатов")),
        ("closing_meeting_date", project.closing_meeting_date, _("дата завершающего совещания")),
    ]
    for field, value, label in dates:
        need(BLOCK4, field, value, label)
    issues.extend(CardIssue(BLOCK4, message, True, field) for field, message in key_event_errors(project))
    issues.extend(CardIssue(BLOCK4, message, False, field) for field, message in key_event_warnings(project))
    return issues


def key_event_errors(p) -> list[tuple[str, str]]:
    """Block-4 periods must follow each other (МР п.4.5г)."""
    errors = []
    if p.start_date and p.diagnostics_start and p.diagnostics_start < p.start_date:
        errors.append(("diagnostics_start", _("Диагностика не может начаться раньше старта проекта.")))
    pairs = [
        (
            "diagnostics_end",
            p.diagnostics_start,
            p.diagnostics_end,
            _("Окончание диагностики раньше её начала."),
        ),
        (
            "implementation_end",
            p.implementation_start,
            p.implementation_end,
            _("Окончание внедрения раньше его начала."),
        ),
        (
            "closing_meeting_date",
            p.closure_start,
            p.closing_meeting_date,
            _("Завершающее совещание раньше начала закрепления результатов."),
        ),
        (
            "implementation_start",
            p.diagnostics_end,
            p.implementation_start,
            _("Внедрение должно начаться после окончания диагностики."),
        ),
        (
            "closure_start",
            p.implementation_end,
            p.closure_start,
            _("Закрепление результатов должно начаться после окончания внедрения."),
        ),
    ]
    for field, earlier, later, message in pairs:
        if earlier and later and later < earlier:
            errors.append((field, message))
    return errors


def key_event_warnings(p) -> list[tuple[str, str]]:
    warnings = []
    if p.start_date and p.diagnostics_start and p.diagnostics_start != p.start_date:
        warnings.append(
            (
                "diagnostics_start",
                _(
                    "Диагностика обычно начинается в день старта проекта: с него идёт срок карты текущего состояния (п.16.1)."
                ),
            )
        )
    if p.diagnostics_start and p.diagnostics_end and p.diagnostics_end >= p.diagnostics_start:
        length = working_days_between(p.diagnostics_start, p.diagnostics_end)
        if length > DIAGNOSTICS_WORKING_DAYS:
            warnings.append(
                (
                    "diagnostics_end",
                    _(
                        "Диагностика длится %(n)s рабочих дней — больше нормативных %(max)s (25 + 10 рабочих дней, п.16)."
                    )
                    % {"n": length, "max": DIAGNOSTICS_WORKING_DAYS},
                )
            )
    return warnings
