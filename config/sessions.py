"""Sessions read from the cache and written through to the database, that keep working when the
cache (Redis) is down: then they read and write the database alone, and the outage is logged."""

from __future__ import annotations

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

logger = logging.getLogger(__name__)


class _ForgivingCache:
    """The cache calls the session store makes, with a failure turned into a miss."""

    def __init__(self, cache):
        self._cache = cache

    def _call(self, name, *args, **kwargs):
        try:
            return getattr(self._cache, name)(*args, **kwargs)
        except Exception:  # noqa: BLE001 (any cache failure: fall back to the database)
            logger.warning("session cache unavailable; using the database only", exc_info=False)
            return None

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def __contains__(self, key) -> bool:
        return bool(self._call("has_key", key))

    async def aget(self, *args, **kwargs):
        return self.get(*args, **kwargs)

    async def aset(self, *args, **kwargs):
        return self.set(*args, **kwargs)

    async def adelete(self, *args, **kwargs):
        return self.delete(*args, **kwargs)


class SessionStore(CachedDBStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _ForgivingCache(self._cache)
