"""Settings for the test suite: the real settings, read from the environment,
with a throwaway secret and fast password hashing."""

import os
from pathlib import Path
from urllib.parse import urlsplit

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "p" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Keep the test broker folder, cache and databases apart from a running `make run`.
os.environ.setdefault("PARLEY_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "test"))

# `pytest -n 2` (pytest-xdist): each test process has its own var/ folder and its own Redis database
# (one below the given one per process), so one's workers, broker and cache never see the other's.
# pytest-django gives each its own test database. The processes a test starts inherit the values.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist_worker and os.environ.get("PARLEY_TEST_PROCESS") != _xdist_worker:
    os.environ["PARLEY_TEST_PROCESS"] = _xdist_worker
    _index = int(_xdist_worker.removeprefix("gw"))
    os.environ["PARLEY_VAR_DIR"] = str(Path(os.environ["PARLEY_VAR_DIR"]) / _xdist_worker)
    if os.environ.get("REDIS_URL"):
        _redis = urlsplit(os.environ["REDIS_URL"])
        _db = int(_redis.path.strip("/") or 0)
        os.environ["REDIS_URL"] = _redis._replace(path=f"/{(_db - _index) % 16}").geturl()

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Each SQL reused for a page of an API list is compiled by Django too, and must be the same.
PARLEY_CHECK_REUSED_SQL = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not SQLite's in-memory default, so a real worker process can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405

STATIC_ROOT = VAR_DIR / "static"  # noqa: F405
os.makedirs(STATIC_ROOT, exist_ok=True)
# Serve static files from the finders, as `make run` (DEBUG on) does, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
