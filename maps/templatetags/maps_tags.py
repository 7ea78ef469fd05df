"""Template helpers of the map pages."""

from django import template

from maps.durations import format_minutes

register = template.Library()


@register.filter
def minutes(value) -> str:
    """Minutes as «2 ч 15 мин» / «3 раб. дн. 2 ч»."""
    return format_minutes(value)


@register.filter
def numbers(values) -> str:
    return ", ".join(str(v) for v in values or [])


@register.filter
def problem_text(problems_by_number, number) -> str:
    problem = (problems_by_number or {}).get(number)
    return f"{problem.number}. {problem.text}" if problem else ""
