"""Per-key request quotas: a fixed one-second window counted in Django's cache.

``cache.add`` starts a window's counter and ``cache.incr`` counts in it; both are atomic in Redis, so several
web processes share one count when ``STOA_REDIS_URL`` is set. With the default per-process memory cache each
process counts on its own (a single-process site is exact; N processes allow up to N times the quota).
A fixed window lets a client make up to twice its quota across a window boundary: simple, and enough to stop a
runaway client, which is what the quota is for.

The REST API also counts requests that carry no key (signed-in sessions, and requests refused before a key was
recognised) per client address, against ``STOA_API_IP_QPS``, in the same kind of window.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.core.cache import cache

from stoa.api.models import ApiKey

WINDOW_SECONDS = 1


class OverQuota(Exception):
    """A request past a quota; ``retry_after`` is the whole seconds until the next window, ``limit`` the quota."""

    def __init__(self, message: str, *, limit: int, retry_after: int) -> None:
        super().__init__(message)
        self.limit = limit
        self.retry_after = retry_after


class QuotaExceeded(OverQuota):
    """The key has used its quota for this window."""

    def __init__(self, key: ApiKey, retry_after: int) -> None:
        super().__init__(
            f"API key {key.prefix}… may make {key.qps} request(s) per second", limit=key.qps, retry_after=retry_after
        )
        self.key = key


class AddressQuotaExceeded(OverQuota):
    """One client address has made more keyless requests in this window than ``STOA_API_IP_QPS`` allows."""


def consume_request(key: ApiKey, *, now: float | None = None) -> int:
    """Count one request against the key's quota; returns how many it has made in this window.

    Raises ``QuotaExceeded`` past ``key.qps`` requests in the window (``qps`` 0: never). ``now`` is a Unix time.
    """
    used, retry_after = _count(f"stoa:api:quota:{key.pk}", key.qps, now)
    if retry_after:
        raise QuotaExceeded(key, retry_after=retry_after)
    return used


def consume_address_request(address: str, limit: int, *, now: float | None = None) -> int:
    """Count one keyless request from ``address`` against ``limit`` per window (0: never refused).

    Raises ``AddressQuotaExceeded`` past the limit. The address is kept only as a hash in the cache key.
    """
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    used, retry_after = _count(f"stoa:api:ip-quota:{digest}", limit, now)
    if retry_after:
        raise AddressQuotaExceeded(
            f"This address may make {limit} request(s) per second without an API key.",
            limit=limit,
            retry_after=retry_after,
        )
    return used


def _count(counter_prefix: str, limit: int, now: float | None) -> tuple[int, int]:
    """Count one request in the current window: (requests so far, seconds to wait or 0 when within ``limit``)."""
    if limit == 0:
        return 0, 0
    now = time.time() if now is None else now
    window = math.floor(now / WINDOW_SECONDS)
    counter = f"{counter_prefix}:{window}"
    cache.add(counter, 0, timeout=WINDOW_SECONDS * 2)
    try:
        used = cache.incr(counter)
    except ValueError:  # the counter expired between add and incr: this request starts it afresh
        cache.add(counter, 1, timeout=WINDOW_SECONDS * 2)
        used = 1
    if used > limit:
        return used, max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
    return used, 0
