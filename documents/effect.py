"""The effect of a project as charts (Прил. 4, слайд 7: «полученный эффект — изображения в виде
диаграмм, отражающих оптимизацию ресурсов»): the numbers of the maps before and after (computed from
the maps, never typed — DOMAIN «Metrics») and the degree of achievement of the indicators (п.24).

Each chart is plain data (`Chart`): the PDF draws it with `leanproj.charts.bar_chart` (server-side
SVG), the editable presentation as a native, editable chart of the slide."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from leanproj.charts import Bar, bar_chart

from .sources import MapSource, number

BEFORE_COLOR = "#8c96a3"
AFTER_COLOR = "#198754"
DEGREE_COLOR = "#1f6fb2"


@dataclass
class Chart:
    title: str
    unit: str
    categories: list[str]
    series: list[tuple[str, list[float], str]]  # (name, values per category, colour)

    def svg(self, *, width: int = 560) -> SafeString:
        bars = []
        for index, category in enumerate(self.categories):
            for name, values, color in self.series:
                label = f"{category}: {name}" if len(self.series) > 1 else category
                bars.append(Bar(label=label, value=values[index], color=color))
        return bar_chart(bars, title=self.title, width=width, unit=self.unit, bar_height=18)


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


def map_charts(current: MapSource | None, target: MapSource | None) -> list[Chart]:
    """Lead time in hours and the counts of the process, before and after, once both maps have
    steps."""
    if not (current and target and current.has_steps and target.has_steps):
        return []
    was, now = current.metrics, target.metrics
    # the target map is a plan, not a fact (issue 20): its values are never labelled «стало»
    before, after = _("было"), _("целевое (план)")
    charts = [
        Chart(
            title=_("Время протекания процесса, ч"),
            unit=_("ч"),
            categories=[_("ВПП")],
            series=[
                (before, [_hours(was.lead_time)], BEFORE_COLOR),
                (after, [_hours(now.lead_time)], AFTER_COLOR),
            ],
        )
    ]
    keys = [
        ("steps_total", _("Шагов")),
        ("steps_waste", _("С потерями")),
        ("handoffs", _("Передач")),
        ("visits", _("Визитов")),
    ]
    shown = [(k, label) for k, label in keys if getattr(was, k) or getattr(now, k)]
    if shown:
        charts.append(
            Chart(
                title=_("Шаги процесса, передачи и визиты"),
                unit="",
                categories=[label for _k, label in shown],
                series=[
                    (before, [float(getattr(was, k)) for k, _label in shown], BEFORE_COLOR),
                    (after, [float(getattr(now, k)) for k, _label in shown], AFTER_COLOR),
                ],
            )
        )
    return charts


def degree_chart(indicators: list[dict]) -> Chart | None:
    """The share of the way from the current value to the target covered by each indicator, %
    (`projects.results.degree_of`)."""
    rows = [(r.get("name", ""), number(r.get("percent"))) for r in indicators]
    rows = [(name, value) for name, value in rows if value is not None]
    if not rows:
        return None
    return Chart(
        title=_("Достижение целевых значений показателей, %"),
        unit="%",
        categories=[name for name, _value in rows],
        series=[(_("достигнуто"), [float(max(value, Decimal(0))) for _name, value in rows], DEGREE_COLOR)],
    )
