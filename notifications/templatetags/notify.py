from django import template

from leanproj.text import days_left_text

register = template.Library()


@register.filter
def days_text(days) -> str:
    """-1 → «просрочено на 1 рабочий день», 0 → «срок сегодня», 2 → «осталось 2 рабочих дня»."""
    return days_left_text(None if days is None or days == "" else int(days))
