"""Template helpers shared by every page: deadline wording, badges, numbers."""

from django import template
from django.utils.html import format_html

from leanproj import formats
from leanproj.text import days_left_text, plural, working_days

register = template.Library()


@register.filter
def days_left(deadline) -> str:
    return days_left_text(deadline.days_left())


@register.filter
def deadline_class(deadline) -> str:
    days = deadline.days_left()
    if days is None or not deadline.is_open:
        return ""
    if days < 0:
        return "deadline-overdue"
    if days <= 2:
        return "deadline-soon"
    return "deadline-ok"


@register.filter
def wd(n) -> str:
    return working_days(int(n or 0))


@register.simple_tag
def ru_plural(n, one, few, many) -> str:
    return plural(int(n or 0), one, few, many)


@register.simple_tag
def badge(choice, extra_class="") -> str:
    """A Bootstrap badge for a ChoiceSet member: its label in its colour."""
    if choice is None or choice == "":
        return ""
    return format_html('<span class="badge text-bg-{} {}">{}</span>', choice.color, extra_class, choice.label)


@register.filter
def num(value) -> str:
    """12.50 → «12,5»; 1200 → «1 200» (`leanproj.formats.number`, Babel's ru locale)."""
    return formats.number(value)


@register.filter
def pct(value) -> str:
    """33 → «33 %» (a share in percentage points)."""
    return formats.percent(value)


@register.filter
def money(value) -> str:
    """270000 → «270 000 ₽»."""
    return formats.money(value)


@register.filter
def duration(minutes, unit="min") -> str:
    """Minutes in the unit they were measured in: «24 ч», «45 мин», «3 раб. дн.»."""
    return formats.duration(minutes, unit)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def isodate(value):
    """Dates from JSON snapshots come back as ISO strings; the page prints them as dates."""
    import datetime as dt

    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


_CHOICES = {}


@register.filter
def label_of(value, choices_name):
    """The Russian label of a stored choice code: {{ i.direction|label_of:"IndicatorDirection" }}."""
    if not _CHOICES:
        from projects import choices

        for name in dir(choices):
            obj = getattr(choices, name)
            if isinstance(obj, type) and hasattr(obj, "label_of"):
                _CHOICES[name] = obj
    cls = _CHOICES.get(choices_name)
    return cls.label_of(value) if cls else value
