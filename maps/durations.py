"""Durations of map steps: stored in whole minutes, typed and shown in minutes, hours or working days
(Прил. 2: «Час. мин. — длительность процесса, перемещения или ожидания»; DOMAIN: a working day is
`settings.WORKING_DAY_HOURS` hours)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from leanproj import formats

from .choices import DurationUnit

# A step longer than this is almost certainly a wrong unit (minutes typed as working days).
MAX_WORKING_DAYS = 1000


def working_day_minutes() -> int:
    return int(settings.WORKING_DAY_HOURS) * 60


def unit_minutes(unit: str) -> int:
    if unit == DurationUnit.HOURS:
        return 60
    if unit == DurationUnit.WORKING_DAYS:
        return working_day_minutes()
    return 1


def to_minutes(value: Decimal, unit: str) -> int:
    """1,5 hours → 90; 2 working days → 960 (8-hour days). Rounded to the nearest minute."""
    minutes = (Decimal(value) * unit_minutes(unit)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(minutes)


def from_minutes(minutes: int, unit: str) -> Decimal:
    """The number to show in the form for a stored duration, in the unit it was typed in."""
    value = Decimal(minutes) / Decimal(unit_minutes(unit))
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return value if value != value.to_integral() else value.quantize(Decimal(1))


def decimal_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def format_minutes(minutes: int | None) -> str:
    """«45 мин», «2 ч 15 мин», «3 раб. дн. 2 ч»: the largest units first, zero parts left out."""
    if minutes is None:
        return "—"
    minutes = int(minutes)
    if minutes == 0:
        return _("0 мин")
    sign = "−" if minutes < 0 else ""
    minutes = abs(minutes)
    day = working_day_minutes()
    days, rest = divmod(minutes, day) if minutes >= day else (0, minutes)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_("%(n)s раб. дн.") % {"n": days})
    if hours:
        parts.append(_("%(n)s ч") % {"n": hours})
    if mins:
        parts.append(_("%(n)s мин") % {"n": mins})
    return sign + " ".join(parts)


def format_minutes_long(minutes: int | None) -> str:
    """format_minutes plus the total in hours when it exceeds a working day: «2 раб. дн. 3 ч (19 ч)»."""
    text = format_minutes(minutes)
    if minutes is not None and abs(int(minutes)) >= working_day_minutes():
        hours = Decimal(abs(int(minutes))) / 60
        hours = hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        text += " (" + _("%(h)s ч") % {"h": decimal_text(hours)} + ")"
    return text


def format_hours_minutes(minutes: int | None) -> str:
    """«24 ч», «2 ч 15 мин», «45 мин»: a measured duration in clock units (`leanproj.formats`)."""
    return formats.duration(minutes, DurationUnit.MINUTES)


def format_step(minutes: int | None, unit: str) -> str:
    """A step's duration in the unit it was measured in: working days only when typed in working
    days, otherwise hours and minutes (a 24-hour wait is «24 ч», not «3 раб. дн.»)."""
    if minutes is None:
        return "—"
    return formats.duration(minutes, unit)


def format_typed(minutes: int, unit: str) -> str:
    """The duration as it was typed: «1,5 часа» is shown as «1,5 ч»."""
    value = decimal_text(from_minutes(minutes, unit))
    if unit == DurationUnit.HOURS:
        return _("%(n)s ч") % {"n": value}
    if unit == DurationUnit.WORKING_DAYS:
        return _("%(n)s раб. дн.") % {"n": value}
    return _("%(n)s мин") % {"n": value}
