"""Run Parley on this machine: web server, Celery worker and Celery beat.

Checks that the port is free, the configuration and the services (database, broker), prepares
the database (migrations, static files, demo data), starts the three processes with their logs
in var/log/, and prints where to go last. Ctrl-C (or SIGTERM) stops every process it started,
each in its own process group: politely first, then SIGKILL after a timeout. With no
DATABASE_URL / REDIS_URL it uses SQLite and the embedded filesystem broker under var/.

    python scripts/run.py              # everything
    python scripts/run.py --check      # only check configuration and services
    python scripts/run.py --no-setup   # skip migrate, collectstatic and seed_demo (a prepared database)
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

STOP_TIMEOUT = 15.0  # seconds each process gets to stop before SIGKILL (a Celery warm shutdown takes 5-9 s)
PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER = 1, 36


def fail(message: str, code: int = 2) -> None:
    sys.stderr.write(f"parley: {message}\n")
    sys.exit(code)


def say(message: str) -> None:
    print(f"parley: {message}", flush=True)


def local_defaults(env_file: Path) -> Path:
    """Laptop defaults; anything already in the environment (or .env) wins. Returns var/."""
    from config.env import ConfigError, load_dotenv

    try:
        load_dotenv(env_file)
    except ConfigError as exc:
        fail(f"configuration error: {exc}")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("EMAIL_URL", "file:var/mail")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    var = Path(os.environ.get("PARLEY_VAR_DIR") or BASE_DIR / "var")
    # The filesystem broker moves files through TMPDIR: keep it on var/'s filesystem.
    tmp = var / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("TMPDIR", str(tmp))
    return var


def link_host(host: str) -> str:
    """The host name links should use for a bind address (a wildcard is reached on loopback)."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 (not binding: naming the address to link to)
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def port_in_use(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return True
            fail(f"cannot serve on {host}:{port}: {exc.strerror}")
    return False


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


def manage(log: Path, *args: str) -> None:
    with log.open("a") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n")
        out.flush()
        command = [sys.executable, "manage.py", *args]
        result = subprocess.run(command, cwd=BASE_DIR, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        tail = "".join(log.read_text(errors="replace").splitlines(keepends=True)[-15:])
        sys.stderr.write(tail)
        fail(f"'manage.py {' '.join(args)}' failed (exit {result.returncode}); its output is in {log}")


def wait_for_http(url: str, timeout: float, processes: dict) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes.values()):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own loopback URL)
                return response.status == 200
        except OSError:
            time.sleep(0.3)
    return False


def _libc():
    with contextlib.suppress(OSError):
        return ctypes.CDLL(None, use_errno=True)
    return None


def _child_setup() -> None:  # pragma: no cover (runs in the child between fork and exec)
    """Each child leads its own session (so one signal reaches its whole tree, and the terminal's
    Ctrl-C reaches only us), and gets SIGTERM if this script dies without stopping it."""
    os.setsid()
    libc = _libc()
    if libc is not None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Children:
    """The processes this script started, each the leader of its own process group."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.processes: dict[str, subprocess.Popen] = {}
        # Orphaned grandchildren (a worker whose master died) are re-parented to us, so we can
        # reap them and know when a group is really empty (Linux; elsewhere a no-op).
        libc = _libc()
        if libc is not None:
            with contextlib.suppress(Exception):
                libc.prctl(PR_SET_CHILD_SUBREAPER, 1)

    def start(self, name: str, command: list[str]) -> None:
        with (self.log_dir / f"{name}.log").open("ab") as log:
            self.processes[name] = subprocess.Popen(  # noqa: PLW1509 (preexec_fn: single-threaded here)
                command, cwd=BASE_DIR, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                preexec_fn=_child_setup,
            )  # fmt: skip

    def exited(self) -> tuple[str, int] | None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                return name, process.returncode
        return None

    def _reap(self) -> None:
        for process in self.processes.values():
            process.poll()
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass

    def _alive(self) -> list[str]:
        """The children whose process group still has a process in it."""
        self._reap()
        alive = []
        for name, process in self.processes.items():
            try:
                os.killpg(process.pid, 0)
            except (ProcessLookupError, PermissionError):
                continue
            alive.append(name)
        return alive

    def signal(self, sig: int) -> None:
        """Send ``sig`` to every process of every child's group."""
        for name in self._alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.processes[name].pid, sig)

    def stop(self, timeout: float = STOP_TIMEOUT) -> list[str]:
        """SIGTERM each child (gunicorn and Celery stop their own workers), wait, then SIGKILL
        every process left in their groups; return the names that needed it."""
        for name in self._alive():
            if self.processes[name].poll() is None:
                self.processes[name].send_signal(signal.SIGTERM)
            else:  # the leader is gone but something of its tree is left
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.processes[name].pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while self._alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        stragglers = self._alive()
        self.signal(signal.SIGKILL)
        deadline = time.monotonic() + 5
        while self._alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        return stragglers


class Interrupted(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check configuration and services")
    parser.add_argument("--no-setup", action="store_true", help="skip migrate, collectstatic and seed_demo")
    parser.add_argument("--host", help="address to serve on (default: $HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to serve on (default: $PORT or 8000)")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--worker-concurrency", type=int, default=2, help="Celery worker processes (default 2)")
    parser.add_argument("--env-file", type=Path, default=BASE_DIR / ".env", help="the .env file to read")
    args = parser.parse_args()

    var = local_defaults(args.env_file)
    host = args.host or os.environ.get("HOST") or "127.0.0.1"
    try:
        port = args.port or int(os.environ.get("PORT") or 8000)
    except ValueError:
        fail(f"PORT={os.environ['PORT']!r} is not a port number")
    # Links in emails and calendar entries point where this server answers, unless set.
    os.environ.setdefault("SITE_URL", f"http://{link_host(host)}:{port}")
    if not args.check and port_in_use(host, port):
        fail(f"Port {port} is in use; set PORT=... to another port (say PORT={port + 1} make run).", code=1)
    preflight()
    if args.check:
        say(f"configuration, database and broker are fine; links in emails point to {os.environ['SITE_URL']}/")
        return

    # Ctrl-C and SIGTERM stop what we started (set explicitly: a shell starts background jobs
    # with SIGINT ignored). A second Ctrl-C while stopping kills at once.
    def interrupt(*_args) -> None:
        raise Interrupted

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)

    log_dir = var / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    children = Children(log_dir)
    try:
        if not args.no_setup:
            setup_log = log_dir / "setup.log"
            say(f"preparing the database and the demo campaign (output in {setup_log})")
            manage(setup_log, "migrate", "--noinput", "-v", "0")
            manage(setup_log, "collectstatic", "--noinput", "-v", "0")
            manage(setup_log, "seed_demo")
            manage(setup_log, "refresh_dashboards")
        run(children, args, host, port, log_dir)
    except Interrupted:
        signal.signal(signal.SIGINT, lambda *_: children.signal(signal.SIGKILL))
        signal.signal(signal.SIGTERM, lambda *_: children.signal(signal.SIGKILL))
        if children.processes:
            say("stopping the web server, the worker and beat...")
        stragglers = children.stop()
        if stragglers:
            say(f"{', '.join(stragglers)} did not stop within {STOP_TIMEOUT:.0f} s: killed")
        say("stopped.")
        sys.exit(0)


def run(children: Children, args, host: str, port: int, log_dir: Path) -> None:
    bin_dir = Path(sys.executable).parent
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    children.start(
        "web",
        [str(bin_dir / "gunicorn"), "config.wsgi", "--bind", address, "--workers", str(args.web_workers),
         "--threads", "4", "--graceful-timeout", "5", "--no-control-socket", "--access-logfile", "-"],
    )  # fmt: skip
    children.start(
        "worker",
        [str(bin_dir / "celery"), "-A", "config", "worker", "--loglevel", "INFO",
         "--concurrency", str(args.worker_concurrency)],
    )  # fmt: skip
    children.start(
        "beat",
        [str(bin_dir / "celery"), "-A", "config", "beat", "--loglevel", "INFO",
         "--scheduler", "outreach.beat:LeaderScheduler"],
    )  # fmt: skip
    site = f"http://{link_host(host)}:{port}"
    if not wait_for_http(f"{site}/healthz", timeout=60, processes=children.processes):
        stopped = children.exited()
        children.stop()
        what = f"the {stopped[0]} process exited (code {stopped[1]})" if stopped else "the web server did not answer"
        fail(f"{what}; see {log_dir}/web.log, worker.log and beat.log", code=1)
    print(
        f"\n  Parley is running at {site}/\n"
        f"  Sign in as 'coordinator' (or 'staff', 'viewer') with password 'parley-demo'.\n"
        f"  Health: {site}/healthz   Admin: {site}/admin/\n"
        f"  Email goes to {os.environ['EMAIL_URL']}; links in it point to {os.environ['SITE_URL']}/.\n"
        f"  Logs: {log_dir}/web.log, worker.log, beat.log. Stop with Ctrl-C.\n",
        flush=True,
    )
    while True:
        stopped = children.exited()
        if stopped:
            children.stop()
            name, code = stopped
            fail(f"the {name} process exited (code {code}); stopped the others. See {log_dir}/{name}.log", code=1)
        time.sleep(0.5)


if __name__ == "__main__":
    main()
