"""Filter selects have one empty option, not two «---------» (issue 21)."""

import re

import pytest
from django.urls import reverse


@pytest.mark.parametrize("url", ["projects:list", "projects:complaints", "projects:practices"])
def test_filter_selects_have_one_empty_option(client, world, url):
    client.force_login(world.authority)
    html = client.get(reverse(url)).content.decode()
    selects = re.findall(r"<select[^>]*name=\"(\w+)\"[^>]*>(.*?)</select>", html, re.S)
    assert selects
    for name, body in selects:
        empties = re.findall(r'<option value=""', body)
        assert len(empties) <= 1, (name, body[:300])
        assert body.count("---------") == 0, (name, body[:300])
