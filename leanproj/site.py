"""The site's public address for links that leave the application: e-mails, survey links and QR
codes. `SITE_URL` when it is set; otherwise the address the request came in on, so a survey link
printed from the demo works on whatever host and port it runs (issue 21); a worker without a
request falls back to the development address."""

from __future__ import annotations

from django.conf import settings

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def site_url(request=None) -> str:
    configured = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if configured:
        return configured
    if request is not None:
        # get_host() validates the Host header against ALLOWED_HOSTS: no forged address in a link.
        return f"{request.scheme}://{request.get_host()}"
    return DEFAULT_SITE_URL


def absolute(path: str, request=None) -> str:
    return site_url(request) + path
