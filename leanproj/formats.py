"""One formatter for every number a person reads — pages, e-mails, documents — in the Russian
style of Babel's `ru` locale (CLDR), not hand-written code: «1 234,5», «34 %», «270 000 ₽»,
durations in the unit they were measured in («24 ч», «45 мин», «3 раб. дн.»). Separators are
no-break spaces, so a figure never breaks across lines.

Templates: `{% load lean %}` then `|num`, `|pct`, `|money`, `|duration:"hour"`."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_decimal, format_percent
from django.conf import settings
from django.utils.translation import gettext as _

LOCALE = "ru"
DASH = "—"
NBSP = "\u00a0"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        return Decimal(str(value).replace(NBSP, "").replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        return None


def number(value, *, digits: int = 2) -> str:
    """12.50 → «12,5»; 1200 → «1 200»; up to `digits` decimals, trailing zeros dropped; «—» for
    nothing. Text that is not a number comes back as it was."""
    d = _decimal(value)
    if d is None:
        return DASH if value is None or value == "" else str(value)
    fmt = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(d, format=fmt, locale=LOCALE)


def percent(value, *, digits: int = 1) -> str:
    """A share given in percentage points: 33 → «33 %», 5.67 → «5,7 %»."""
    d = _decimal(value)
    if d is None:
        return DASH
    fmt = "#,##0" + ("." + "#" * digits if digits else "") + "\u00a0%"
    return format_percent(d / 100, format=fmt, locale=LOCALE)


def money(value, *, kopecks: bool = False) -> str:
    """Roubles with thousands separators and the sign: «270 000 ₽», «1 250,5 ₽» (kopecks shown
    only when asked for or not whole)."""
    d = _decimal(value)
    if d is None:
        return DASH
    if kopecks or d != d.to_integral_value():
        d = d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return format_decimal(d, format="#,##0.00", locale=LOCALE) + NBSP + "₽"
    return format_decimal(d, format="#,##0", locale=LOCALE) + NBSP + "₽"


def _working_day_minutes() -> int:
    return int(getattr(settings, "WORKING_DAY_HOURS", 8)) * 60


def duration(minutes, unit: str = "min") -> str:
    """A measured duration in the unit it was measured in: `unit` "min" or "hour" gives hours and
    minutes («24 ч», «2 ч 15 мин», «45 мин»), "wday" working days («3 раб. дн.», «1,5 раб. дн.»).
    Working days are for the statutory clocks and the steps typed in them, never for a 24-hour wait."""
    if minutes is None or minutes == "":
        return DASH
    minutes = int(minutes)
    sign = "−" if minutes < 0 else ""
    minutes = abs(minutes)
    if unit == "wday":
        days = Decimal(minutes) / _working_day_minutes()
        return sign + _("%(n)s раб. дн.") % {"n": number(days)}
    hours, mins = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(_("%(n)s ч") % {"n": number(hours)})
    if mins or not hours:
        parts.append(_("%(n)s мин") % {"n": mins})
    return sign + " ".join(parts)
