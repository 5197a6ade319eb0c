"""Real processes for the reliability tests: a Redis of our own (never the shared one) and a web server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import BASE_DIR, database_url_for_subprocess, port_open
from tests.jobs.smtp import free_port


class OwnRedis:
    """A redis-server on a free loopback port that the test may stop and start again."""

    def __init__(self, log_path: Path):
        self.port = free_port()
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10) -> None:
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=self.log_path.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if port_open("127.0.0.1", self.port, timeout=0.2):
                return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on {self.port}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class WebServer:
    """gunicorn serving Parley on a free loopback port, sharing the test database."""

    def __init__(self, log_path: Path, env: dict[str, str]):
        self.port = free_port()
        self.log_path = log_path
        self.env = env
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.test_settings",
            "DATABASE_URL": database_url_for_subprocess(),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            **self.env,
        }
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", "1", "--no-control-socket"]  # fmt: skip
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"web server exited:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.base}/accounts/login/", timeout=2):  # noqa: S310 (loopback)
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"web server not up:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
