"""One formatter for numbers, percents, money and durations (issue 21), Babel's ru locale."""

from decimal import Decimal

from django.template import Context, Template

from leanproj import formats
from maps.durations import format_step

NB = "\u00a0"


def test_money_has_thousands_separators_and_the_rouble_sign():
    assert formats.money(270000) == f"270{NB}000{NB}₽"
    assert formats.money(Decimal("270000.00")) == f"270{NB}000{NB}₽"
    assert formats.money(Decimal("1250.5")) == f"1{NB}250,50{NB}₽"
    assert formats.money(None) == "—"


def test_numbers_in_russian_style():
    assert formats.number(Decimal("12.50")) == "12,5"
    assert formats.number(1200) == f"1{NB}200"
    assert formats.number("1234567.891") == f"1{NB}234{NB}567,89"
    assert formats.number(None) == "—"
    assert formats.number("н/д") == "н/д"


def test_percent_of_percentage_points():
    assert formats.percent(33) == f"33{NB}%"
    assert formats.percent(Decimal("5.67")) == f"5,7{NB}%"


def test_a_24_hour_wait_is_24_hours_not_3_working_days():
    # working days only for statutory clocks and steps measured in working days (issue 21)
    assert formats.duration(24 * 60, "hour") == "24 ч"
    assert format_step(24 * 60, "hour") == "24 ч"
    assert format_step(600, "min") == "10 ч"
    assert format_step(135, "min") == "2 ч 15 мин"
    assert format_step(3 * 8 * 60, "wday") == "3 раб. дн."


def test_template_filters_use_the_formatter():
    html = Template("{% load lean %}{{ m|money }}|{{ p|pct }}|{{ n|num }}|{{ d|duration:'hour' }}").render(
        Context({"m": 270000, "p": 50, "n": Decimal("1200.50"), "d": 1440})
    )
    assert html == f"270{NB}000{NB}₽|50{NB}%|1{NB}200,5|24 ч"
