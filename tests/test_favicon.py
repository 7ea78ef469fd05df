"""Every page names a local favicon (issue 21)."""

from pathlib import Path

from django.conf import settings


def test_pages_link_a_local_favicon(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
    assert (Path(settings.BASE_DIR) / "static" / "favicon.svg").exists()
