"""scripts/run.py, behind `make run`: starts web + worker + beat, and stops them all."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def laptop_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a laptop with no services configured, with its own var/ folder."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(PARLEY_VAR_DIR=str(var_dir), DATABASE_URL=f"sqlite:///{var_dir / 'parley.sqlite3'}", **extra)
    return env


def test_check_reports_an_unreachable_broker_in_one_line(tmp_path):
    env = laptop_env(tmp_path, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    result = subprocess.run(
        [sys.executable, "scripts/run.py", "--check"], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("parley: the broker at redis://127.0.0.1:")
    assert "unreachable" in lines[0] and "Traceback" not in result.stderr


def test_run_serves_the_demo_and_stops_every_process_on_interrupt(tmp_path):
    port = free_port()
    log = (tmp_path / "run.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "scripts/run.py", "--port", str(port)],
        cwd=BASE_DIR, env=laptop_env(tmp_path / "var"), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        # The banner, the worker's "ready" and beat's start come in any order.
        markers = ["Parley is running", " ready.", "beat: Starting"]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            output = (tmp_path / "run.log").read_text()
            assert process.poll() is None, output
            if all(marker in output for marker in markers):
                break
            time.sleep(0.5)
        assert f"http://127.0.0.1:{port}/" in output and "parley-demo" in output
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            health = json.load(response)
        assert health == {"status": "ok"}  # the details are for signed-in staff
        assert all(marker in output for marker in markers), output
        children = subprocess.run(["pgrep", "-s", str(process.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) >= 4  # supervisor, gunicorn, worker, beat (and their children)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        # Grandchildren (gunicorn and Celery pool processes) may need a moment after their parents.
        deadline = time.monotonic() + 15
        while left := subprocess.run(["pgrep", "-s", str(process.pid)], capture_output=True, text=True).stdout.split():
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert left == [], f"processes still running 15 s after the supervisor exited: {left}"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            subprocess.run(["pkill", "-KILL", "-s", str(process.pid)], check=False)
