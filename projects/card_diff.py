"""What changed between two texts of the card, field by field (Положение п.15, 22).

п.22 lets the activities, their dates and the team's membership change with the coordinator's
agreement. Everything else the card holds is what the Mayor signed (п.15): the goals and target
indicators with their values, the process boundaries and perimeter, the lead, the process customer
and owner, the reasons for the project. A change of any of it goes back through the card's chain —
the coordinator agrees, the Mayor signs. Works on card snapshots (`projects.snapshots.card_snapshot`
or a journal row's stored copy), so stored versions compare as they were."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from .choices import Attitude, IndicatorDirection, Influence, MemberKind, Source

# Whose consent a changed field needs.
P22 = "p22"  # the coordinator's agreement (Положение п.22)
P15 = "p15"  # the card's chain: the coordinator agrees, the Mayor signs (Положение п.15)

BLOCK1_FIELDS = [
    ("title", _("Наименование проекта")),
    ("process_customer", _("Заказчик процесса")),
    ("project_customer", _("Заказчик проекта")),
    ("process_owner", _("Владелец процесса")),
    ("perimeter_note", _("Периметр проекта (пояснение)")),
    ("boundary_start", _("Граница процесса: начало")),
    ("boundary_end", _("Граница процесса: окончание")),
]
BLOCK2_FIELDS = [
    ("key_risk", _("Ключевой риск")),
    ("scale", _("Масштаб процесса")),
    ("dissatisfaction", _("Неудовлетворённость заказчиков")),
    ("problems", _("Проблемы и сложности процесса")),
]
EVENTS = [
    ("start_date", _("Старт проекта")),
    ("diagnostics_start", _("Диагностика и целевое состояние: начало")),
    ("diagnostics_end", _("Диагностика и целевое состояние: окончание")),
    ("implementation_start", _("Внедрение улучшений: начало")),
    ("implementation_end", _("Внедрение улучшений: окончание")),
    ("closure_start", _("Закрепление результатов и закрытие: начало")),
    ("closing_meeting_date", _("Завершающее совещание")),
]
INDICATOR_FIELDS = [
    ("name", _("наименование")),
    ("unit", _("единица измерения")),
    ("current_value", _("текущее значение")),
    ("target_value", _("целевое значение")),
    ("direction", _("направление")),
    ("measurement", _("как измеряется")),
]
STAKEHOLDER_FIELDS = [
    ("interest", _("интерес")),
    ("influence", _("влияние")),
    ("attitude", _("отношение")),
    ("engagement", _("как вовлекаем")),
]
MEMBER_FIELDS = [
    ("kind", _("участие")),
    ("team_role", _("роль в команде")),
    ("responsibilities", _("зона ответственности")),
]
CHOICES = {"direction": IndicatorDirection, "influence": Influence, "attitude": Attitude, "kind": MemberKind}


@dataclass(frozen=True)
class FieldChange:
    section: str
    field: str
    old: str
    new: str
    consent: str  # P22 or P15

    @property
    def needs_mayor(self) -> bool:
        return self.consent == P15

    @property
    def clause(self) -> str:
        return "п.15" if self.consent == P15 else "п.22"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return str(value).strip()


def _num(value: Any) -> str:
    if value in (None, ""):
        return ""
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except (InvalidOperation, ValueError):
        return str(value)


def _choice(field: str, value: str) -> str:
    choices = CHOICES.get(field)
    if choices and value:
        try:
            return str(choices(value).label)
        except ValueError:
            return value
    return _text(value)


def _source(card: dict) -> str:
    source = card.get("source") or Source.INITIATIVE
    if source == Source.INITIATIVE:
        return ""
    try:
        label = str(Source(source).label)
    except ValueError:
        label = source
    reference = card.get("source_reference") or ""
    return f"{label}: {reference}" if reference else label


def _person(person: dict | None) -> str:
    if not person:
        return ""
    return person.get("name") or ""


def _match(old: list[dict], new: list[dict], key) -> list[tuple[dict | None, dict | None]]:
    """Pairs rows of two lists: by `key` where both have it, otherwise by position."""
    pairs: list[tuple[dict | None, dict | None]] = []
    old_by_key = {key(o): o for o in old if key(o) is not None}
    used: set[int] = set()
    rest_new = []
    for n in new:
        k = key(n)
        if k is not None and k in old_by_key:
            o = old_by_key[k]
            used.add(id(o))
            pairs.append((o, n))
        else:
            rest_new.append(n)
    rest_old = [o for o in old if id(o) not in used]
    for i in range(max(len(rest_old), len(rest_new))):
        pairs.append((rest_old[i] if i < len(rest_old) else None, rest_new[i] if i < len(rest_new) else None))
    return pairs


def card_diff(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[FieldChange]:
    """Every field whose value differs between two card snapshots, in the card's order."""
    old, new = old or {}, new or {}
    rows: list[FieldChange] = []
    block1, block2 = str(_("Вовлечённые лица и рамки проекта")), str(_("Обоснование выбора проекта"))

    def add(section, field, a, b, consent):
        a, b = _text(a), _text(b)
        if a != b:
            rows.append(FieldChange(str(section), str(field), a, b, consent))

    for key, label in BLOCK1_FIELDS:
        add(block1, label, old.get(key, ""), new.get(key, ""), P15)
    add(
        block1,
        _("Периметр проекта"),
        "; ".join(d.get("name", "") for d in old.get("perimeter") or []),
        "; ".join(d.get("name", "") for d in new.get("perimeter") or []),
        P15,
    )
    add(block1, _("Руководитель проекта"), _person(old.get("lead")), _person(new.get("lead")), P15)
    add(block1, _("Основание инициации"), _source(old), _source(new), P15)
    for key, label in BLOCK2_FIELDS:
        add(block2, label, old.get(key, ""), new.get(key, ""), P15)

    # Block 3: the goals and target indicators with their values (п.15)
    section = str(_("Целевые показатели"))
    pairs = _match(old.get("indicators") or [], new.get("indicators") or [], lambda i: i.get("id"))
    for n, (a, b) in enumerate(pairs, start=1):
        name = (b or a or {}).get("name") or str(n)
        if a is None or b is None:
            add(section, _("Показатель «%(name)s»") % {"name": name}, _indicator(a), _indicator(b), P15)
            continue
        for key, label in INDICATOR_FIELDS:
            va, vb = a.get(key), b.get(key)
            if key in ("current_value", "target_value"):
                va, vb = _num(va), _num(vb)
            elif key == "direction":
                va, vb = _choice(key, va or ""), _choice(key, vb or "")
            add(section, f"«{a.get('name') or name}»: {label}", va, vb, P15)

    # Block 4: the dates (п.22)
    section = str(_("Ключевые события"))
    old_events, new_events = old.get("key_events") or {}, new.get("key_events") or {}
    for key, label in EVENTS:
        add(section, label, old_events.get(key), new_events.get(key), P22)

    # The team's membership (п.22)
    section = str(_("Команда проекта"))
    pairs = _match(old.get("team") or [], new.get("team") or [], lambda m: (m.get("user") or {}).get("id"))
    for a, b in pairs:
        who = _person((b or a or {}).get("user"))
        if a is None or b is None:
            add(section, who, _member(a), _member(b), P22)
            continue
        for key, label in MEMBER_FIELDS:
            add(
                section,
                f"{who}: {label}",
                _choice(key, a.get(key) or ""),
                _choice(key, b.get(key) or ""),
                P22,
            )

    # The stakeholders' analysis is a part of the signed card (Прил. 1)
    section = str(_("Анализ заинтересованных сторон"))
    pairs = _match(old.get("stakeholders") or [], new.get("stakeholders") or [], lambda s: s.get("name"))
    for a, b in pairs:
        name = (b or a or {}).get("name") or ""
        if a is None or b is None:
            add(section, name, _stakeholder(a), _stakeholder(b), P15)
            continue
        for key, label in STAKEHOLDER_FIELDS:
            add(
                section,
                f"{name}: {label}",
                _choice(key, a.get(key) or ""),
                _choice(key, b.get(key) or ""),
                P15,
            )
    return rows


def _indicator(i: dict | None) -> str:
    if not i:
        return ""
    unit = f" {i.get('unit')}" if i.get("unit") else ""
    return f"{i.get('name', '')}: {_num(i.get('current_value')) or '—'} → {_num(i.get('target_value')) or '—'}{unit}"


def _member(m: dict | None) -> str:
    if not m:
        return ""
    role = f" ({m.get('team_role')})" if m.get("team_role") else ""
    return f"{_person(m.get('user'))}{role}"


def _stakeholder(s: dict | None) -> str:
    if not s:
        return ""
    return s.get("name", "")


def needs_mayor(changes: list[FieldChange]) -> bool:
    """Whether a change touches what the Mayor signed (п.15) rather than only п.22's items."""
    return any(c.needs_mayor for c in changes)
