"""The numbers of a map, computed from its steps and never typed (DOMAIN «Metrics»; the
before/after figures of the defence slides, Прил. 4 слайд 7, and of the best-practice base).

- время протекания процесса (ВПП, lead time) = the sum of all step durations, movements and waits
  included;
- время, добавляющее ценность (ВДЦ) = the sum of the value-adding steps; its share = ВДЦ ÷ ВПП;
- steps in total / adding value / necessary / with waste; participants (lanes with at least one
  step); hand-offs (consecutive steps in different lanes); waits; client actions; documents
  (different documents over all steps); visits; problems; proposals."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leanproj import formats

from .choices import StepKind, ValueClass
from .data import MapData
from .durations import format_minutes, format_minutes_long


@dataclass(frozen=True)
class Metrics:
    lead_time: int
    va_time: int
    va_share: Decimal | None  # percent, one decimal; None for an empty map
    steps_total: int
    steps_value: int
    steps_necessary: int
    steps_waste: int
    participants: int
    handoffs: int
    waits: int
    wait_time: int
    client_actions: int
    documents: int
    visits: int
    problems: int
    proposals: int

    def as_dict(self) -> dict:
        data = asdict(self)
        data["va_share"] = None if self.va_share is None else str(self.va_share)
        return data


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def compute(data: MapData) -> Metrics:
    lanes = data.lanes_by_id
    steps = data.steps
    lead = sum(s.duration_minutes for s in steps)
    va = sum(s.duration_minutes for s in steps if s.value_class == ValueClass.VALUE)
    handoffs = sum(1 for a, b in zip(steps, steps[1:], strict=False) if a.lane_id != b.lane_id)
    documents = {d.strip().casefold() for s in steps for d in s.documents if d.strip()}
    return Metrics(
        lead_time=lead,
        va_time=va,
        va_share=percent(va, lead),
        steps_total=len(steps),
        steps_value=sum(1 for s in steps if s.value_class == ValueClass.VALUE),
        steps_necessary=sum(1 for s in steps if s.value_class == ValueClass.NECESSARY),
        steps_waste=sum(1 for s in steps if s.value_class == ValueClass.WASTE),
        participants=len({s.lane_id for s in steps}),
        handoffs=handoffs,
        waits=sum(1 for s in steps if s.kind == StepKind.WAITING),
        wait_time=sum(s.duration_minutes for s in steps if s.kind == StepKind.WAITING),
        client_actions=sum(1 for s in steps if s.is_client_action(lanes)),
        documents=len(documents),
        visits=sum(1 for s in steps if s.visit),
        problems=len(data.problems),
        proposals=len(data.proposals),
    )


# What the pages, the slides and the export show, in this order. direction: which way is better.
@dataclass(frozen=True)
class MetricDef:
    key: str
    label: str
    unit: str  # "duration" | "count" | "percent"
    direction: str | None  # "lower" | "higher" | None
    hint: str


METRICS: list[MetricDef] = [
    MetricDef(
        "lead_time",
        gettext_lazy("Время протекания процесса (ВПП)"),
        "duration",
        "lower",
        gettext_lazy("Сумма длительностей всех шагов, включая перемещения и ожидания."),
    ),
    MetricDef(
        "va_time",
        gettext_lazy("Время, добавляющее ценность (ВДЦ)"),
        "duration",
        None,
        gettext_lazy("Сумма длительностей шагов, добавляющих ценность."),
    ),
    MetricDef(
        "va_share",
        gettext_lazy("Доля времени, добавляющего ценность"),
        "percent",
        "higher",
        gettext_lazy("ВДЦ ÷ ВПП × 100 %."),
    ),
    MetricDef("steps_total", gettext_lazy("Шагов (операций) всего"), "count", "lower", ""),
    MetricDef("steps_value", gettext_lazy("из них добавляют ценность"), "count", None, ""),
    MetricDef("steps_necessary", gettext_lazy("необходимые без ценности"), "count", None, ""),
    MetricDef("steps_waste", gettext_lazy("с потерями"), "count", "lower", ""),
    MetricDef(
        "participants",
        gettext_lazy("Участников процесса"),
        "count",
        "lower",
        gettext_lazy("Дорожки, в которых есть хотя бы один шаг."),
    ),
    MetricDef(
        "handoffs",
        gettext_lazy("Передач между участниками"),
        "count",
        "lower",
        gettext_lazy("Сколько раз следующий шаг выполняет другой участник."),
    ),
    MetricDef("waits", gettext_lazy("Ожиданий"), "count", "lower", gettext_lazy("Шаги вида «Ожидание».")),
    MetricDef("wait_time", gettext_lazy("Время ожиданий"), "duration", "lower", ""),
    MetricDef(
        "client_actions",
        gettext_lazy("Действий заявителя"),
        "count",
        "lower",
        gettext_lazy("Шаги в дорожке заявителя и шаги, отмеченные как действие или визит заявителя."),
    ),
    MetricDef(
        "documents",
        gettext_lazy("Документов"),
        "count",
        "lower",
        gettext_lazy(
            "Разные документы всех шагов: документ, встречающийся на нескольких шагах, считается один раз."
        ),
    ),
    MetricDef("visits", gettext_lazy("Визитов заявителя"), "count", "lower", ""),
]

METRIC_KEYS = [m.key for m in METRICS]


def _value(metrics: Metrics | None, key: str):
    return None if metrics is None else getattr(metrics, key)


def format_value(value, unit: str, *, long: bool = False) -> str:
    if value is None:
        return "—"
    if unit == "duration":
        return format_minutes_long(value) if long else format_minutes(value)
    if unit == "percent":
        return formats.percent(value)
    return str(value)


def _signed(text: str, negative: bool) -> str:
    return ("−" if negative else "+") + text


def compare(current: Metrics | None, target: Metrics | None, *, long: bool = True) -> list[dict]:
    """Rows «было / стало / разница / %» for every metric (issue 4 «current vs target with the
    difference in units and %»). `better` is True, False or None (no preference or no change)."""
    rows = []
    for m in METRICS:
        a, b = _value(current, m.key), _value(target, m.key)
        diff = pct = None
        diff_text = pct_text = "—"
        better = None
        if a is not None and b is not None:
            diff = Decimal(b) - Decimal(a)
            if diff:
                if m.unit == "duration":
                    diff_text = _signed(format_minutes(abs(int(diff))), diff < 0)
                elif m.unit == "percent":
                    diff_text = _signed(f"{abs(diff):f}".replace(".", ","), diff < 0) + " " + _("п. п.")
                else:
                    diff_text = _signed(str(abs(int(diff))), diff < 0)
                if m.direction:
                    better = (diff < 0) == (m.direction == "lower")
            else:
                diff_text = "0"
            if m.unit != "percent" and a:
                pct = (diff * 100 / Decimal(a)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                pct_text = _signed(f"{abs(pct):f}".replace(".", ","), pct < 0) + " %" if pct else "0 %"
        rows.append(
            {
                "key": m.key,
                "label": m.label,
                "hint": m.hint,
                "unit": m.unit,
                "current": a,
                "target": b,
                "current_text": format_value(a, m.unit, long=long),
                "target_text": format_value(b, m.unit, long=long),
                "diff": diff,
                "diff_text": diff_text,
                "pct": pct,
                "pct_text": pct_text,
                "better": better,
                "indent": m.key in ("steps_value", "steps_necessary", "steps_waste"),
            }
        )
    return rows


def rows(metrics: Metrics) -> list[dict]:
    """One map's metrics for its own page."""
    return [
        {
            "key": m.key,
            "label": m.label,
            "hint": m.hint,
            "value": getattr(metrics, m.key),
            "text": format_value(getattr(metrics, m.key), m.unit, long=True),
            "indent": m.key in ("steps_value", "steps_necessary", "steps_waste"),
        }
        for m in METRICS
    ]


def share_formula(metrics: Metrics) -> str:
    """The share of value-adding time with its formula and numbers, as DOMAIN asks to show it:
    «Доля ВДЦ = ВДЦ ÷ ВПП × 100 % = 2 ч ÷ 5 раб. дн. × 100 % = 5,0 %»."""
    if metrics.va_share is None:
        return _("Доля ВДЦ = ВДЦ ÷ ВПП × 100 % — появится, когда на карте будут шаги с длительностью.")
    return _("Доля ВДЦ = ВДЦ ÷ ВПП × 100 %% = %(va)s ÷ %(lead)s × 100 %% = %(share)s") % {
        "va": format_minutes(metrics.va_time),
        "lead": format_minutes(metrics.lead_time),
        "share": format_value(metrics.va_share, "percent"),
    }
