"""Bench-only (bench/settings.py): the product answers a refused act like an accepted one — a
redirect to the project page with the reason as a message (projects.views.ProjectActView). Over
HTTP the two differ only by that message, so this middleware adds `X-Bench-Refused: 1` when the
request queued an error message; the load generator counts such an answer as an error."""

from __future__ import annotations

from django.contrib import messages

HEADER = "X-Bench-Refused"


class RefusalHeaderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        storage = getattr(request, "_messages", None)
        queued = getattr(storage, "_queued_messages", ())
        if any(m.level >= messages.ERROR for m in queued):
            response[HEADER] = "1"
        return response
