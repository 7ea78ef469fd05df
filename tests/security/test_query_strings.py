"""Lists, filters and exports read their query string: whatever it holds — a NUL (which PostgreSQL
cannot take), a number of a hundred digits, a date of year 99999, a page that does not exist — the
page answers 200 with what it can show, never a server error (issue 13, «Fuzzing»). Every parameter
is taken from the page's own filter form, so a new filter is covered without editing this test."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import make_project

LISTS = [
    "projects:list",
    "projects:practices",
    "projects:complaints",
    "notifications:list",
]
EXPORTS = {  # the export of a list takes the list's own filters
    "documents:registry_xlsx": "projects:list",
    "projects:complaints_xlsx": "projects:complaints",
    "dashboards:export": "projects:list",
}
VALUES = ["\x00", "sNaN", "2026.5", "a\x00b", "9" * 100, "-1", "99999-12-31", "<script>", "%", "' OR 1=1 --"]


def _parameters(html: str) -> set[str]:
    names = set()
    for form in re.findall(r'<form[^>]*method="get"[^>]*>(.*?)</form>', html, flags=re.S | re.I):
        names |= set(re.findall(r'name="([^"]+)"', form))
    return names | {"page", "sort", "show", "q"}


@pytest.mark.parametrize("value", VALUES)
def test_lists_and_exports_answer_any_query_string(client, world, value):
    make_project(world)
    client.force_login(world.authority)
    seen = {}
    for name in LISTS:
        url = reverse(name)
        page = client.get(url)
        assert page.status_code == 200, name
        seen[name] = _parameters(page.content.decode())
        if name != "notifications:list":  # its filter is a link: ?show=unread
            assert seen[name] - {"page", "sort", "show", "q"}, f"{name}: no filter form found"
        for parameter in sorted(seen[name]):
            response = client.get(url, {parameter: value})
            assert response.status_code == 200, (name, parameter, response.status_code)
        response = client.get(url, dict.fromkeys(seen[name], value))
        assert response.status_code == 200, (name, "all at once")
    for name, list_name in EXPORTS.items():
        response = client.get(reverse(name), dict.fromkeys(seen[list_name], value))
        assert response.status_code in (200, 403), (name, response.status_code)
