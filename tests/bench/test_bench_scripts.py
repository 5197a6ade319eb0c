"""Every benchmark script runs, at a tiny scale, against a PostgreSQL database of its own: a schema
change that breaks one fails the build instead of rotting until someone measures."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.db import connection

from tests.conftest import BASE_DIR, database_url_for_subprocess, service_missing

pytestmark = [pytest.mark.services, pytest.mark.django_db]
BENCH_DATABASE = "parley_bench_ci"

# The full data set first (tiny), then the scripts that read it; the others make their own data
# (send_invitations.py in a throwaway SQLite database of its own).
SCRIPTS = [
    ["bench/generate_large.py", "--reset", "--scale", "0.001"],
    ["bench/pages.py", "--smoke", "--seconds", "1"],
    ["bench/dashboard_load.py", "--requests", "8", "--clients", "2"],
    ["bench/send_invitations.py", "--count", "5", "--inline"],
    ["bench/matching.py", "--scale", "0.01", "--repeat", "1"],
    ["bench/ingest.py", "--scale", "0.05"],
    ["bench/search.py", "--scale", "0.001", "--repeat", "2"],
]
OWN_DATABASE = {"bench/send_invitations.py"}


@pytest.fixture(scope="module")
def bench_database_url(django_db_blocker) -> str:
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            service_missing("PostgreSQL (DATABASE_URL): the benchmarks fill PostgreSQL with set-based SQL")
        url = urlsplit(database_url_for_subprocess())
    admin = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]).fetchone():
            conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    return urlunsplit(url._replace(path=f"/{BENCH_DATABASE}"))


@pytest.mark.parametrize("command", SCRIPTS, ids=lambda command: command[0])
def test_the_script_runs_at_a_tiny_scale(command, bench_database_url):
    if "--smoke" in command and shutil.which("wrk") is None:
        service_missing("wrk (Debian package wrk): the page benchmark's load generator")
    env = {**os.environ, "DATABASE_URL": bench_database_url, "DEBUG": "true"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if command[0] in OWN_DATABASE:
        del env["DATABASE_URL"]
    result = subprocess.run(
        [sys.executable, *command], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-1500:] + result.stderr[-1500:]


def test_screenshots_script_signs_in_and_writes_pngs(tmp_path):
    """`make screenshots` at its smallest: a demo server of its own, one user, language, width and page."""
    chromium = os.environ.get("PARLEY_CHROMIUM", "/usr/bin/chromium")
    if shutil.which(chromium) is None:
        service_missing(f"Chromium is not installed at {chromium} (apt-get install -y chromium)")
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    out, site = tmp_path / "shots", tmp_path / "site"
    command = [sys.executable, "bench/screenshots.py", "--quick", "--out", str(out), "--var-dir", str(site)]
    result = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-1500:] + result.stderr[-1500:]
    (png,) = out.rglob("*.png")
    assert png.relative_to(out).as_posix() == "en/1366/coordinator-home.png"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 1366  # the IHDR width
    assert "1 PNGs under" in result.stdout
    # The server it started is gone: its port answers no more.
    port = int((site / "run.out").read_text().split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
