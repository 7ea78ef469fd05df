"""Template helpers for printed documents: a missing part is printed as a marked gap, dates in the
forms of ГОСТ Р 7.0.97-2025."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.translation import gettext as _

from documents import text

register = template.Library()


def _gap() -> str:
    return format_html('<span class="gap">{}</span>', _("не заполнено"))


@register.simple_tag
def gap() -> str:
    """The mark of a part of a document that is not filled in yet."""
    return _gap()


@register.filter
def or_gap(value) -> str:
    """Text with its line breaks, or the gap mark when there is none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return _gap()
    return linebreaksbr(value, autoescape=True)


@register.filter
def ddate(value) -> str:
    """«05.06.2026», or the gap mark."""
    return text.short_date(value) or _gap()


@register.filter
def long_date(value) -> str:
    return text.long_date(value) or _gap()


@register.simple_tag
def period(start, end) -> str:
    """«02.03.2026 — 15.05.2026», each missing end marked."""
    return format_html("{} — {}", ddate(start), ddate(end))


@register.filter
def num_or_gap(value) -> str:
    """A number in Russian style («1 200», «12,5»), or the gap mark."""
    from projects.templatetags.lean import num

    if value is None or value == "":
        return _gap()
    return num(value)
