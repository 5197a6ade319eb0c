"""scripts/run.py, behind `make run`: starts web + worker + beat, and stops them all.

The Ctrl-C test repeats start and stop PARLEY_RUN_REPEATS times (default 20); each try starts
the three processes against a database a first full run prepared (--no-setup).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
REPEATS = int(os.environ.get("PARLEY_RUN_REPEATS") or 20)
FAST = ["--web-workers", "1", "--worker-concurrency", "1"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def laptop_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a laptop with no services configured, with its own var/ folder."""
    dropped = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "SITE_URL", "HOST", "PORT", "DEBUG", "EMAIL_URL"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(PARLEY_VAR_DIR=str(var_dir), DATABASE_URL=f"sqlite:///{var_dir / 'parley.sqlite3'}", **extra)
    return env


def run_script(*args: str, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/run.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip


def process_table() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, start time) of every process on the machine."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        table[int(entry.name)] = (int(fields[1]), fields[19])
    return table


def descendants(pid: int) -> dict[int, str]:
    table = process_table()
    found, todo = {}, [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, started) in table.items():
            if ppid == parent and child not in found:
                found[child] = started
                todo.append(child)
    return found


def still_running(processes: dict[int, str]) -> list[int]:
    """The processes of ``processes`` (same pid, same start time) that exist and are not zombies."""
    left = []
    for pid, started in processes.items():
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[19] == started and fields[0] != "Z":
            left.append(pid)
    return left


def log_count(var_dir: Path, name: str, marker: str) -> int:
    path = var_dir / "log" / f"{name}.log"
    return path.read_text(errors="replace").count(marker) if path.exists() else 0


def start_and_interrupt(
    var_dir: Path, *args: str, env: dict | None = None, signum=signal.SIGINT, wait_for=None, port: int | None = None
) -> dict:
    """Start run.py, wait for its banner, interrupt it as a terminal's Ctrl-C would, and report."""
    port = port or free_port()
    log_path = var_dir / f"run-{port}.out"
    logs = {"worker": " ready.", "beat": "beat: Starting"}
    seen = {name: log_count(var_dir, name, marker) for name, marker in logs.items()}
    started = time.monotonic()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "scripts/run.py", "--port", str(port), *args],
            cwd=BASE_DIR, env=env or laptop_env(var_dir), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    tree: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 180
        while "Stop with Ctrl-C" not in (output := log_path.read_text()):
            assert process.poll() is None, output
            assert time.monotonic() < deadline, output
            time.sleep(0.2)
        ready = time.monotonic() - started
        # Interrupt once the worker and beat are up too, so every process of the tree is seen.
        while any(log_count(var_dir, name, marker) <= seen[name] for name, marker in logs.items()):
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        while wait_for is not None and not wait_for():
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            health = json.load(response)
        tree = descendants(process.pid)
        stopping = time.monotonic()
        os.killpg(process.pid, signum)  # the terminal sends Ctrl-C to the foreground group
        code = process.wait(timeout=60)
        stop = time.monotonic() - stopping
        return {
            "port": port, "output": log_path.read_text(), "code": code, "health": health, "tree": tree,
            "left": still_running(tree), "port_free": port_free(port), "ready": ready, "stop": stop,
        }  # fmt: skip
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        for pid in still_running(tree):
            os.kill(pid, signal.SIGKILL)


def emails_in(folder: Path) -> int:
    """Emails Django's file backend wrote to ``folder`` (a file per connection, emails one after another)."""
    return sum(path.read_text(errors="replace").count("\nSubject: ") for path in folder.glob("*.log"))


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    """A laptop's var/ after a first full `make run` (migrations, static files, demo data)."""
    var_dir = tmp_path_factory.mktemp("var")
    # The demo's partner call queues its invitations: wait until the worker has written them.
    mail = var_dir / "mail"
    env = laptop_env(var_dir, EMAIL_URL=f"file:{mail}")
    result = start_and_interrupt(var_dir, env=env, port=free_port(), wait_for=lambda: emails_in(mail) >= 20)
    assert result["code"] == 0, result["output"]
    assert "preparing the database" in result["output"]
    assert not result["left"] and result["port_free"]
    return var_dir


def test_check_reports_an_unreachable_broker_in_one_line(tmp_path):
    env = laptop_env(tmp_path, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    result = run_script("--check", env=env, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("parley: the broker at redis://127.0.0.1:")
    assert "unreachable" in lines[0] and "Traceback" not in result.stderr


def test_site_url_follows_port_unless_it_is_set(tmp_path):
    result = run_script("--check", env=laptop_env(tmp_path, PORT="8123"), timeout=60)
    assert result.returncode == 0, result.stderr
    assert "links in emails point to http://127.0.0.1:8123/" in result.stdout

    result = run_script("--check", env=laptop_env(tmp_path, HOST="0.0.0.0", PORT="9001"), timeout=60)  # noqa: S104
    assert "links in emails point to http://127.0.0.1:9001/" in result.stdout

    env = laptop_env(tmp_path, PORT="8123", SITE_URL="https://parley.example.org")
    result = run_script("--check", env=env, timeout=60)
    assert "links in emails point to https://parley.example.org/" in result.stdout


def test_a_busy_port_is_named_in_one_line_before_anything_starts(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        started = time.monotonic()
        result = run_script(env=laptop_env(tmp_path, PORT=str(port)), timeout=60)
        elapsed = time.monotonic() - started
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"parley: Port {port} is in use; set PORT=... to another port (say PORT={port + 1} make run)."
    ]
    assert not (tmp_path / "parley.sqlite3").exists() and not (tmp_path / "log").exists()  # nothing was started
    assert elapsed < 15


def test_links_in_the_emails_the_worker_sent_point_to_the_port_served(prepared):
    output = next(prepared.glob("run-*.out")).read_text()
    port = re.search(r"running at http://127\.0\.0\.1:(\d+)/", output).group(1)
    emails = [path.read_text(errors="replace") for path in (prepared / "mail").glob("*")]
    rsvp_links = [link for text in emails for link in re.findall(r"https?://[^\s\"<>]+/rsvp/[^\s\"<>]+", text)]
    assert rsvp_links
    assert all(link.startswith(f"http://127.0.0.1:{port}/rsvp/") for link in rsvp_links), rsvp_links[:3]


def test_first_run_prepares_the_demo_and_prints_the_address_and_sign_ins_last(prepared):
    output = (next(prepared.glob("run-*.out"))).read_text()
    banner = output[output.index("Parley is running") :]
    port = re.search(r"http://127\.0\.0\.1:(\d+)/", banner).group(1)
    assert "'coordinator'" in banner and "parley-demo" in banner
    assert f"links in it point to http://127.0.0.1:{port}/" in banner
    assert f"{prepared}/log/web.log" in banner
    # The children's logs went to var/log/, not between the banner and the prompt.
    before_stop = banner[: banner.index("parley: stopping")]
    assert "INFO" not in before_stop and "WARNING" not in before_stop
    for name in ("web", "worker", "beat", "setup"):
        assert (prepared / "log" / f"{name}.log").stat().st_size > 0, name
    assert "celery@" in (prepared / "log" / "worker.log").read_text()


def test_ctrl_c_stops_every_process_and_frees_the_port_every_time(prepared):
    timings = []
    for attempt in range(REPEATS):
        result = start_and_interrupt(prepared, "--no-setup", *FAST)
        assert result["health"] == {"status": "ok"}
        # gunicorn master and worker, Celery worker and its pool process, beat
        assert len(result["tree"]) >= 5, result["tree"]
        assert result["code"] == 0, result["output"]
        assert result["left"] == [], f"try {attempt + 1}: still running after Ctrl-C: {result['left']}"
        assert result["port_free"], f"try {attempt + 1}: port {result['port']} still taken"
        assert result["output"].rstrip().endswith("parley: stopped."), result["output"]
        timings.append((result["ready"], result["stop"]))
    ready = sum(t[0] for t in timings) / len(timings)
    stop = sum(t[1] for t in timings) / len(timings)
    longest = max(t[1] for t in timings)
    print(f"\n{REPEATS} tries: start {ready:.1f} s, stop {stop:.1f} s on average (longest stop {longest:.1f} s)")


def test_sigterm_stops_every_process_too(prepared):
    result = start_and_interrupt(prepared, "--no-setup", *FAST, signum=signal.SIGTERM)
    assert result["code"] == 0 and result["left"] == [] and result["port_free"], result["output"]


def test_env_example_copied_as_env_starts_on_a_laptop(prepared, tmp_path):
    env_file = tmp_path / ".env"
    shutil.copy(BASE_DIR / ".env.example", env_file)
    env = laptop_env(prepared)
    # As copied: every variable the file sets comes from it, not from this test's environment.
    for line in env_file.read_text().splitlines():
        if re.match(r"^[A-Z][A-Z0-9_]*=", line):
            env.pop(line.split("=", 1)[0], None)
    result = start_and_interrupt(prepared, "--no-setup", *FAST, "--env-file", str(env_file), env=env)
    assert result["health"] == {"status": "ok"}
    assert result["code"] == 0 and result["left"] == [], result["output"]


def variables_in_env_example() -> set[str]:
    text = (BASE_DIR / ".env.example").read_text()
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def variables_in_readme_table() -> set[str]:
    readme = (BASE_DIR / "README.md").read_text()
    section = readme[readme.index("## Configuration") :]
    section = section[: section.index("\n## ", 1)]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_column = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first_column))
    return names


def test_env_example_lists_the_variables_of_the_readme_table():
    readme, example = variables_in_readme_table(), variables_in_env_example()
    assert len(readme) > 40
    assert readme - example == set(), "in the README table, missing from .env.example"
    assert example - readme == set(), "in .env.example, missing from the README table"


def test_env_example_active_lines_are_laptop_values():
    active = [line for line in (BASE_DIR / ".env.example").read_text().splitlines() if re.match(r"^[A-Z]", line)]
    assert dict(line.split("=", 1) for line in active) == {"DEBUG": "true", "EMAIL_URL": "file:var/mail"}
