"""What the load benchmarks share: a gunicorn on loopback against DATABASE_URL, and signing in."""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# One secret for the server and the benchmark process, so links signed by one verify in the other.
SECRET_KEY = secrets.token_urlsafe(64)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": f"{HOST},testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SITE_URL": f"http://{HOST}:{port}",
        "LOG_LEVEL": "WARNING",
        # The bare baselines (a JsonResponse, a DRF list of 50 rows) under /bench/.
        "PARLEY_BENCH_ENDPOINTS": "true",
        # The budget is for the pages, not the sign-in limit or the API throttle.
        "API_THROTTLE_RATE": "1000000/second",
    }


def static_files_are_fresh() -> bool:
    """Whether ``staticfiles/`` was collected after every change to the project's static files and
    its dependencies (collectstatic compresses everything again each time: a minute on this machine)."""
    manifest = BASE_DIR / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return False
    sources = [BASE_DIR / "pyproject.toml", *BASE_DIR.glob("*/static/**/*")]
    return all(path.stat().st_mtime < manifest.stat().st_mtime for path in sources if path.is_file())


def start_server(port: int, workers: int) -> subprocess.Popen:
    env = server_env(port)
    python = sys.executable
    if not static_files_are_fresh():
        command = [python, "manage.py", "collectstatic", "--noinput", "-v", "0"]
        subprocess.run(command, cwd=BASE_DIR, env=env, check=True)
    gunicorn = str(Path(python).parent / "gunicorn")
    command = [gunicorn, "config.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(workers), "--no-control-socket"]
    server = subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz/live", timeout=2):  # noqa: S310 (loopback)
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not come up")


def sign_in(port: int, username: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"http://{HOST}:{port}/accounts/login/"
    page = opener.open(login).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    opener.open(urllib.request.Request(login, data=body.encode(), headers={"Referer": login}))
    session = {cookie.name: cookie.value for cookie in jar}.get("sessionid")
    if not session:
        raise SystemExit(f"could not sign in as {username}")
    return session


def worker_rss_mb(server: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker (the children of the master), in MB."""
    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return sizes
