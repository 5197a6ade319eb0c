"""Counting attempts in fixed windows, atomically, for the sign-in limit and the API throttle.

The count is taken *before* the attempt is evaluated (``cache.add`` then ``cache.incr``, both
atomic in Redis), so thirty guesses sent at once cannot all slip under a limit of five. When the
cache is unreachable (Redis down) the count falls back to this process's memory and the fallback
is logged: requests keep being served, limited per process, instead of failing.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
import unicodedata

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

_local_lock = threading.Lock()
_local: dict[str, tuple[float, int]] = {}  # key -> (window end, count)


def hit(key: str, *, window: int) -> int:
    """Count one attempt under ``key`` in the current window of ``window`` seconds; returns the count."""
    try:
        backend = caches["default"]
        if isinstance(backend, RedisCache):
            return _hit_in_redis(backend, key, window)
        cache.add(key, 0, timeout=window)  # starts the window on the first attempt only
        try:
            return cache.incr(key)
        except ValueError:  # the window ended between add() and incr()
            cache.add(key, 0, timeout=window)
            return cache.incr(key)
    except Exception:  # noqa: BLE001 (any cache failure: fall back rather than refuse every request)
        logger.warning("rate limit cache unavailable; counting %s in this process only", key.split(":")[0])
        return _hit_locally(key, window)


def _hit_in_redis(backend: RedisCache, key: str, window: int) -> int:
    """The same count in one round trip (every API request takes one): SET NX with the window's
    expiry, then INCR, in one MULTI. Django's own add() and incr() took three (incr() asks EXISTS
    first). The key and the stored integer are those Django's cache API reads and writes."""
    full_key = backend.make_and_validate_key(key)
    pipe = backend._cache.get_client(full_key, write=True).pipeline(transaction=True)
    pipe.set(full_key, 0, nx=True, ex=window)
    pipe.incr(full_key)
    return pipe.execute()[1]


def undo(key: str) -> None:
    """Take back one attempt counted under ``key``."""
    try:
        cache.decr(key)
    except ValueError:  # the window has ended: nothing to take back
        pass
    except Exception:  # noqa: BLE001
        logger.warning("rate limit cache unavailable; could not take back %s", key.split(":")[0])
    with _local_lock:
        if key in _local:
            ends, count = _local[key]
            _local[key] = (ends, max(count - 1, 0))


def forget(key: str) -> None:
    """Take back the attempts counted under ``key`` (a successful sign-in)."""
    try:
        cache.delete(key)
    except Exception:  # noqa: BLE001
        logger.warning("rate limit cache unavailable; could not reset %s", key.split(":")[0])
    with _local_lock:
        _local.pop(key, None)


def _hit_locally(key: str, window: int) -> int:
    now = time.monotonic()
    with _local_lock:
        ends, count = _local.get(key, (0.0, 0))
        if ends <= now:
            ends, count = now + window, 0
        count += 1
        _local[key] = (ends, count)
        if len(_local) > 100_000:  # a flood of distinct keys must not grow memory without bound
            for stale in [k for k, (end, _n) in _local.items() if end <= now]:
                del _local[stale]
        return count


def normalise_username(username: str) -> str:
    """One form per username: compatibility forms (full-width letters...) and case folded together."""
    return unicodedata.normalize("NFKC", username or "").strip().casefold()


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the
    outermost trusted proxy saw (X-Forwarded-For, counted from the right). Spoofed entries further
    left are ignored."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    candidate = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
