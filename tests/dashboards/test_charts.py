"""The server-side SVG charts read right in the browser (issue 21): a chart whose bars are links is
a group of links, not a picture that hides them (axe «nested-interactive»), and a long label is
shortened inside its room instead of being cut at the chart's left edge."""

from __future__ import annotations

import re

from leanproj.charts import CHAR_PX, Bar, bar_chart

LONG = "2026-001 Формирование плана мероприятий по улучшению процесса"


def test_chart_with_linked_bars_is_a_group_of_links_not_an_image():
    svg = bar_chart([Bar("Инициатива", 3, "/projects/?status=draft")], title="Проекты по стадиям")
    assert 'role="img"' not in svg
    assert 'role="group" aria-label="Проекты по стадиям"' in svg
    assert '<a href="/projects/?status=draft">' in svg


def test_chart_without_links_stays_an_image():
    assert 'role="img"' in bar_chart([Bar("Инициатива", 3)], title="Проекты по стадиям")


def test_long_chart_label_is_shortened_within_its_room_not_clipped_at_the_edge():
    svg = bar_chart([Bar(LONG, 5)], title="Сроки")
    label = re.search(r'<text x="(\d+)"[^>]*text-anchor="end">([^<]*)</text>', svg)
    room = int(label.group(1))
    shown = label.group(2)
    assert shown.endswith("…")
    assert len(shown) * CHAR_PX <= room, (shown, room)
    assert f"<title>{LONG}: 5" in svg  # the whole label is kept for the reader
