"""A limit on submissions of the public form per client address, kept in the cache (Redis in
production, so every gunicorn worker shares it).

The limit is generous on purpose: at a kick-off meeting a whole room answers at once from one
office network behind one address. It stops a script flooding the link, not a department.

Settings (all optional): SURVEY_THROTTLE_LIMIT submissions per SURVEY_THROTTLE_WINDOW seconds;
SURVEY_PROXY_COUNT — how many trusted reverse proxies append to X-Forwarded-For in front of the
application (0: the address of the TCP peer is the client's, and the header is ignored)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMIT = 60
DEFAULT_WINDOW = 600


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    window: int
    retry_after: int  # seconds until the window ends


def limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "SURVEY_THROTTLE_LIMIT", DEFAULT_LIMIT)),
        int(getattr(settings, "SURVEY_THROTTLE_WINDOW", DEFAULT_WINDOW)),
    )


def client_address(request) -> str:
    proxies = int(getattr(settings, "SURVEY_PROXY_COUNT", 0))
    if proxies > 0:
        chain = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(chain) >= proxies:
            # The right-most entries were added by our own proxies; the one before them is the client.
            return chain[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(request, scope: str = "survey-submit") -> Verdict:
    """Counts one submission from this address and says whether it is within the limit."""
    limit, window = limits()
    now = time.time()
    bucket = int(now // window)
    # The address is hashed: the cache keeps no personal data in clear.
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:24]
    key = f"surveys:throttle:{scope}:{address}:{bucket}"
    if cache.add(key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window + 5)
            count = 1
    retry_after = max(1, int((bucket + 1) * window - now))
    return Verdict(allowed=count <= limit, limit=limit, window=window, retry_after=retry_after)
