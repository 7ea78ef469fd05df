"""Numbers of the questionnaire's summaries as a Russian reader expects them: «3,25», «+0,40»."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def avg(value) -> str:
    """An average to two decimals, «—» while nobody has answered."""
    if value is None or value == "":
        return "—"
    return floatformat(value, 2)


@register.filter
def signed(value) -> str:
    """A change with its sign: «+0,40», «−0,25», «0,00»; integers as «+3»."""
    if value is None or value == "":
        return "—"
    text = str(abs(value)) if isinstance(value, int) else floatformat(abs(Decimal(value)), 2)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"\u2212{text}"
    return text


@register.filter
def css_percent(value) -> str:
    """A share for a CSS width: always a dot, whatever the locale."""
    return f"{Decimal(value or 0):.2f}"


@register.simple_tag
def questions():
    """The five questions of the form in МР, for printed invitations."""
    from surveys.questions import QUESTIONS

    return QUESTIONS
