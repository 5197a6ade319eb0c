"""Settings for the test suite: the real settings, read from the environment,
with a throwaway secret and fast password hashing."""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "p" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Keep the test broker folder, cache and databases apart from a running `make run`.
os.environ.setdefault("PARLEY_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "test"))

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not SQLite's in-memory default, so a real worker process can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405

STATIC_ROOT = VAR_DIR / "static"  # noqa: F405
os.makedirs(STATIC_ROOT, exist_ok=True)
# Serve static files from the finders, as `make run` (DEBUG on) does, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
