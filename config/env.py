"""Typed readers for configuration from the environment.

Each helper fails with ``ConfigError`` and a message naming the variable, so a
bad setting stops the process with one clear line (see ``manage.py``).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


class ConfigError(Exception):
    """A configuration value is missing or malformed."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean: use true/false, 1/0, yes/no or on/off")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}={value} is below the minimum of {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from ``path`` into os.environ without overriding what is set."""
    if not path.is_file():
        return
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :]
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise ConfigError(f"{path.name} line {number} is not KEY=VALUE: {line[:60]!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        os.environ.setdefault(key, value)


def parse_database_url(url: str) -> dict:
    """Return Django's DATABASES entry for a sqlite:// or postgres:// URL."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        # sqlite:///relative/or/absolute path, as dj-database-url reads it.
        name = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if parts.netloc or not name:
            raise ConfigError(f"DATABASE_URL {url!r} has no file path: use sqlite:///path/to/db.sqlite3")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            # WAL and a busy timeout let the web and worker processes share the file.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    if scheme in {"postgres", "postgresql", "pgsql"}:
        try:
            port = parts.port
        except ValueError:
            raise ConfigError(f"DATABASE_URL has an invalid port: {parts.netloc!r}") from None
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ConfigError("DATABASE_URL names no database: use postgres://user@host:5432/dbname")
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        config = {
            "ENGINE": "config.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": unquote(parts.hostname or ""),
            "PORT": str(port or ""),
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {"connect_timeout": int(options.pop("connect_timeout", 5)), **options},
        }
        return config
    shown = url if len(url) < 80 else url[:77] + "..."
    raise ConfigError(
        f"DATABASE_URL {shown!r} is not understood: use postgres://user:pass@host:5432/name "
        "or sqlite:///path/to/db.sqlite3"
    )


EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def parse_email_url(url: str, *, base_dir: Path) -> dict:
    """Return Django EMAIL_* settings for smtp://, smtps://, console:, file:PATH, locmem: or dummy:."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in EMAIL_BACKENDS:
        raise ConfigError(
            f"EMAIL_URL scheme {parts.scheme!r} is not supported: use smtp://, smtps://, "
            "console:, file:PATH, locmem: or dummy:"
        )
    settings: dict = {"EMAIL_BACKEND": EMAIL_BACKENDS[scheme]}
    if scheme == "file":
        raw_path = unquote(parts.netloc + parts.path)
        if not raw_path:
            raise ConfigError("EMAIL_URL file: needs a folder, for example file:var/mail")
        path = Path(raw_path)
        settings["EMAIL_FILE_PATH"] = str(path if path.is_absolute() else base_dir / path)
    if scheme in {"smtp", "smtps"}:
        if not parts.hostname:
            raise ConfigError(f"EMAIL_URL {url!r} names no host")
        try:
            port = parts.port
        except ValueError:
            raise ConfigError(f"EMAIL_URL has an invalid port: {parts.netloc!r}") from None
        query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
        use_ssl = scheme == "smtps" or query.get("ssl") in TRUE
        use_tls = query.get("tls") in TRUE
        if use_ssl and use_tls:
            raise ConfigError("EMAIL_URL cannot ask for both ssl and tls")
        settings.update(
            EMAIL_HOST=parts.hostname,
            EMAIL_PORT=port or (465 if use_ssl else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=use_tls,
            EMAIL_USE_SSL=use_ssl,
            EMAIL_TIMEOUT=int(query.get("timeout", 10)),
        )
    return settings


def parse_redis_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ConfigError(f"REDIS_URL {url!r} is not understood: use redis://host:6379/0")
    try:
        _ = parts.port  # urlsplit only validates the port when asked for it
    except ValueError:
        raise ConfigError(f"REDIS_URL has an invalid port: {parts.netloc!r}") from None
    return url
