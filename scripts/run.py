"""Run Parley on this machine: web server, Celery worker and Celery beat.

Prepares the database (migrations, demo data), checks the database and the
broker, starts the three processes, and stops them all when one exits or on
Ctrl-C. With no DATABASE_URL / REDIS_URL it uses SQLite and the embedded
filesystem broker under var/.

    python scripts/run.py            # everything
    python scripts/run.py --check    # only check configuration and services
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def fail(message: str) -> None:
    sys.stderr.write(f"parley: {message}\n")
    sys.exit(2)


def local_defaults() -> None:
    """Laptop defaults; anything already in the environment (or .env) wins."""
    from config.env import load_dotenv

    load_dotenv(BASE_DIR / ".env")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("EMAIL_URL", "file:var/mail")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The filesystem broker moves files through TMPDIR: keep it on var/'s filesystem.
    tmp = BASE_DIR / "var" / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("TMPDIR", str(tmp))


def preflight() -> None:
    """Exit with one clear line when the configuration or a service is wrong."""
    from config.env import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as exc:
        fail(f"configuration error: {exc}")
    from django.conf import settings

    from config.health import check_broker, check_database

    database = check_database()
    if not database.ok:
        fail(f"the database is unreachable ({settings.DATABASES['default']['ENGINE']}): {database.detail}")
    broker = check_broker()
    if not broker.ok:
        fail(f"the broker at {settings.CELERY_BROKER_URL} is unreachable: {broker.detail}")


def manage(*args: str) -> None:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR)
    if result.returncode != 0:
        fail(f"'manage.py {' '.join(args)}' failed (exit {result.returncode})")


def wait_for_http(url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own loopback URL)
                return response.status == 200
        except OSError:
            time.sleep(0.3)
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check configuration and services")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    args = parser.parse_args()

    local_defaults()
    preflight()
    if args.check:
        print("parley: configuration, database and broker are fine")
        return

    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    manage("seed_demo")
    manage("refresh_dashboards")

    bin_dir = Path(sys.executable).parent
    address = f"{args.host}:{args.port}"
    commands = {
        "web": [
            str(bin_dir / "gunicorn"),
            "config.wsgi",
            "--bind",
            address,
            "--workers",
            "2",
            "--threads",
            "4",
            "--no-control-socket",
            "--access-logfile",
            "-",
        ],
        "worker": [str(bin_dir / "celery"), "-A", "config", "worker", "--loglevel", "INFO", "--concurrency", "2"],
        "beat": [
            str(bin_dir / "celery"),
            "-A",
            "config",
            "beat",
            "--loglevel",
            "INFO",
            "--scheduler",
            "outreach.beat:LeaderScheduler",
        ],
    }
    processes = {name: subprocess.Popen(command, cwd=BASE_DIR) for name, command in commands.items()}

    def stop(*_args) -> None:
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    def stop_and_exit(*_args) -> None:
        stop()
        sys.exit(0)

    # Set explicitly: a shell starts background jobs with SIGINT ignored.
    signal.signal(signal.SIGTERM, stop_and_exit)
    signal.signal(signal.SIGINT, stop_and_exit)
    site = f"http://{address}"
    if wait_for_http(f"{site}/healthz", timeout=30):
        mail = os.environ["EMAIL_URL"]
        print(
            f"\n  Parley is running at {site}/\n"
            f"  Sign in as 'coordinator' (or 'staff', 'viewer') with password 'parley-demo'.\n"
            f"  Health: {site}/healthz   Admin: {site}/admin/\n"
            f"  Email goes to {mail}. Stop with Ctrl-C.\n",
            flush=True,
        )
    while True:
        for name, process in processes.items():
            if process.poll() is not None:
                stop()
                fail(f"the {name} process exited (code {process.returncode}); stopped the others")
        time.sleep(0.5)


if __name__ == "__main__":
    main()
