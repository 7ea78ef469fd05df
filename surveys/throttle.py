"""Limits on submissions of the public form (issue 18, hole 6), counted where every worker process
sees them: the cache alias «throttle» is Redis when REDIS_URL is set and a table of the database
otherwise (settings.CACHES; the table comes with the migration surveys 0003). A counter in a
worker's memory would let each of four workers take the whole limit.

Three counts per window of SURVEY_THROTTLE_WINDOW seconds, each of them must have room:

- through one link from one client address — SURVEY_THROTTLE_LIMIT;
- from one client address through every link — SURVEY_THROTTLE_ADDRESS_LIMIT;
- through one link from every address — SURVEY_THROTTLE_LINK_LIMIT (a flood spread over many
  addresses cannot drown a survey's real answers).

The limits are generous on purpose: at a kick-off meeting a whole room answers at once from one
office network behind one address. They stop a script flooding the link, not a department.

Counting takes numbered slots with the cache's atomic `add` (SET NX in Redis, an INSERT on the
primary key in the database), so two workers never take the same slot: the limit is exact on
either backend, where a read-then-write increment of the database cache would lose counts under
concurrency.

The client address: SURVEY_PROXY_COUNT (DJANGO_PROXY_COUNT, the same setting django-axes reads) is
how many trusted reverse proxies append to X-Forwarded-For in front of the application; 0 — the
TCP peer is the client and the header, which anyone can forge, is ignored."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

CACHE_ALIAS = "throttle"
DEFAULT_LIMIT = 20
DEFAULT_ADDRESS_LIMIT = 40
DEFAULT_LINK_LIMIT = 300
DEFAULT_WINDOW = 600

LINK_ADDRESS, ADDRESS, LINK = "link-address", "address", "link"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    window: int
    retry_after: int  # seconds until the window ends
    scope: str = LINK_ADDRESS  # the count that is full, when refused


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


def _digest(text: str) -> str:
    # Addresses and links are hashed: the cache keeps no personal data and no token in clear.
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def claim(cache, key: str, limit: int, timeout: int) -> bool:
    """Takes the next free slot 1..limit of the count `key`; False when every slot is taken.
    `key` itself only remembers where the last claim ended, to start the next one there."""
    n = max(0, int(cache.get(key) or 0)) + 1
    while n <= limit:
        if cache.add(f"{key}:{n}", 1, timeout=timeout):
            cache.set(key, n, timeout=timeout)
            return True
        n += 1
    return False


def hit(request, link: str = "", *, cache=None) -> Verdict:
    """Counts one submission through `link` from the client of `request` and says whether every
    count had room. A refused submission takes no slot of the counts that refused it."""
    limit, window = limits()
    counts = (
        (LINK_ADDRESS, limit),
        (ADDRESS, int(getattr(settings, "SURVEY_THROTTLE_ADDRESS_LIMIT", DEFAULT_ADDRESS_LIMIT))),
        (LINK, int(getattr(settings, "SURVEY_THROTTLE_LINK_LIMIT", DEFAULT_LINK_LIMIT))),
    )
    now = time.time()
    bucket = int(now // window)
    retry_after = max(1, int((bucket + 1) * window - now))
    timeout = retry_after + 5
    address, link_key = _digest(client_address(request)), _digest(link)
    keys = {
        LINK_ADDRESS: f"surveys:{bucket}:la:{link_key}:{address}",
        ADDRESS: f"surveys:{bucket}:a:{address}",
        LINK: f"surveys:{bucket}:l:{link_key}",
    }
    cache = cache if cache is not None else caches[CACHE_ALIAS]
    for scope, scope_limit in counts:
        try:
            taken = claim(cache, keys[scope], scope_limit, timeout)
        except Exception:  # the cache is down: the survey still takes answers, the log says why
            logger.exception(
                "survey throttle: the cache %r failed; the submission is let through", CACHE_ALIAS
            )
            return Verdict(allowed=True, limit=limit, window=window, retry_after=retry_after)
        if not taken:
            return Verdict(
                allowed=False, limit=scope_limit, window=window, retry_after=retry_after, scope=scope
            )
    return Verdict(allowed=True, limit=limit, window=window, retry_after=retry_after)
