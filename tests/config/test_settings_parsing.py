"""Configuration from the environment: typed helpers, URLs, and one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import ConfigError, env_bool, env_int, env_list, load_dotenv, parse_database_url, parse_email_url

BASE_DIR = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "-strong-secret-for-tests-" + "z" * 30


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Start from the environment minus every variable the settings read.
    read = {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "EMAIL_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in read and not k.startswith(("SECURE_", "CSRF_"))}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", PARLEY_VAR_DIR=str(BASE_DIR / "var" / "test"), **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("TRUE", True), ("on", True), ("0", False), ("no", False)])
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG") is expected


def test_env_bool_rejects_nonsense_naming_the_variable(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ConfigError, match="FLAG='maybe' is not a boolean"):
        env_bool("FLAG")


def test_env_int_rejects_text_and_values_below_minimum(monkeypatch):
    monkeypatch.setenv("N", "ten")
    with pytest.raises(ConfigError, match="N='ten' is not a whole number"):
        env_int("N", 1)
    monkeypatch.setenv("N", "0")
    with pytest.raises(ConfigError, match="below the minimum"):
        env_int("N", 1, minimum=1)
    monkeypatch.setenv("N", " 42 ")
    assert env_int("N", 1) == 42


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , b.example,,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.delenv("HOSTS")
    assert env_list("HOSTS", ["x"]) == ["x"]


def test_dotenv_does_not_override_the_environment(tmp_path, monkeypatch):
    dotenv = tmp_path / ".env"
    dotenv.write_text("# comment\nPARLEY_T1=from-file\nexport PARLEY_T2='quoted value'\nPARLEY_T3=file\n")
    monkeypatch.setenv("PARLEY_T3", "from-env")
    for name in ("PARLEY_T1", "PARLEY_T2"):
        monkeypatch.delenv(name, raising=False)
    load_dotenv(dotenv)
    assert os.environ["PARLEY_T1"] == "from-file"
    assert os.environ["PARLEY_T2"] == "quoted value"
    assert os.environ["PARLEY_T3"] == "from-env"
    for name in ("PARLEY_T1", "PARLEY_T2"):
        monkeypatch.delenv(name)


def test_dotenv_rejects_a_line_that_is_not_key_value(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("GOOD=1\nthis is not a setting\n")
    with pytest.raises(ConfigError, match="line 2 is not KEY=VALUE"):
        load_dotenv(dotenv)


def test_postgres_url_gives_every_connection_field():
    db = parse_database_url("postgres://parley:p%40ss@db.internal:6543/parley_prod?sslmode=require")
    assert db["ENGINE"] == "config.postgresql"  # Django's, with psycopg's loader for times
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "parley_prod",
        "parley",
        "p@ss",
        "db.internal",
        "6543",
    )
    assert db["OPTIONS"]["sslmode"] == "require"
    assert db["OPTIONS"]["connect_timeout"] == 5


def test_sqlite_url_turns_on_wal_and_busy_timeout():
    db = parse_database_url("sqlite:////tmp/parley.sqlite3")
    assert db["NAME"] == "/tmp/parley.sqlite3"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["timeout"] >= 5


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/parley", "is not understood"),
        ("postgres://u@localhost:notaport/x", "invalid port"),
        ("postgres://u@localhost:5432/", "names no database"),
        ("sqlite://", "has no file path"),
        ("just-a-word", "is not understood"),
    ],
)
def test_malformed_database_urls_are_refused_clearly(url, message):
    with pytest.raises(ConfigError, match=message):
        parse_database_url(url)


def test_email_urls(tmp_path):
    smtp = parse_email_url("smtp://user:pa%2Fss@mail.example.org:587/?tls=1", base_dir=tmp_path)
    assert smtp["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_HOST_PASSWORD"]) == ("mail.example.org", 587, "pa/ss")
    assert smtp["EMAIL_USE_TLS"] is True and smtp["EMAIL_USE_SSL"] is False
    smtps = parse_email_url("smtps://mail.example.org", base_dir=tmp_path)
    assert smtps["EMAIL_PORT"] == 465 and smtps["EMAIL_USE_SSL"] is True
    assert parse_email_url("console:", base_dir=tmp_path)["EMAIL_BACKEND"].endswith("console.EmailBackend")
    assert parse_email_url("file:var/mail", base_dir=tmp_path)["EMAIL_FILE_PATH"] == str(tmp_path / "var/mail")
    with pytest.raises(ConfigError, match="scheme 'ftp' is not supported"):
        parse_email_url("ftp://x", base_dir=tmp_path)
    with pytest.raises(ConfigError, match="both ssl and tls"):
        parse_email_url("smtp://h/?ssl=1&tls=1", base_dir=tmp_path)


def test_bad_configuration_is_one_line_not_a_traceback():
    result = run_manage("check", DEBUG="true", DATABASE_URL="mysql://root@localhost/parley")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "parley: configuration error: DATABASE_URL 'mysql://root@localhost/parley' is not understood: "
        "use postgres://user:pass@host:5432/name or sqlite:///path/to/db.sqlite3"
    ]
    assert "Traceback" not in result.stderr


def test_debug_off_refuses_to_start_without_a_real_secret_key():
    missing = run_manage("check", DEBUG="false")
    assert missing.returncode == 2
    assert "SECRET_KEY is not set" in missing.stderr
    weak = run_manage("check", DEBUG="false", SECRET_KEY="django-insecure-abc")
    assert weak.returncode == 2
    assert "SECRET_KEY is too weak" in weak.stderr


def test_production_configuration_passes_the_deploy_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="parley.example.org",
        SITE_URL="https://parley.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_laptop_defaults_use_sqlite_and_the_embedded_broker():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.USE_TZ,"
        " [c for c, _ in s.LANGUAGES], s.SITE_URL, s.CELERY_TASK_ACKS_LATE)"
    )
    result = run_manage("shell", "-v", "0", "-c", code, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "filesystem://",
        "True",
        "['en',",
        "'fr',",
        "'ar']",
        "http://127.0.0.1:8000",
        "True",
    ]
