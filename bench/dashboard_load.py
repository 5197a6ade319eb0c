"""Dashboard and overview under concurrent load, against a trivial view on the same server.

Starts gunicorn on a loopback port against DATABASE_URL (fill it first with
bench/generate_large.py), signs in, then sends a bounded number of requests from
concurrent keep-alive clients and prints throughput and latency percentiles.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley_bench python bench/dashboard_load.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import http.cookiejar
import os
import signal
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import HOST, free_port, sign_in, start_server  # noqa: E402


def measure(port: int, path: str, session: str, clients: int, requests: int) -> dict:
    """``requests`` GETs of ``path`` shared by ``clients`` threads, each on one keep-alive connection."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    per_client = requests // clients

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        mine, bad = [], []
        for _ in range(per_client):
            started = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": f"sessionid={session}"})
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status != 200:
                bad.append(str(response.status))
        connection.close()
        with lock:
            latencies.extend(mine)
            failures.extend(bad)

    for _ in range(3):  # warm up the workers' connections and caches
        warm = http.client.HTTPConnection(HOST, port, timeout=30)
        warm.request("GET", path, headers={"Cookie": f"sessionid={session}"})
        warm.getresponse().read()
        warm.close()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(p: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))]

    return {
        "path": path,
        "requests": len(latencies),
        "errors": len(failures),
        "rps": len(latencies) / elapsed,
        "p50": percentile(0.50),
        "p95": percentile(0.95),
        "p99": percentile(0.99),
        "mean": 1000 * statistics.fmean(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=400, help="per page, shared by the clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (one per core here)")
    parser.add_argument("--campaign", default="bench-1", help="slug of the campaign to show")
    parser.add_argument("--username", default="bench")
    parser.add_argument("--password", default="bench-password")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to the PostgreSQL database filled by bench/generate_large.py")

    port = free_port()
    server = start_server(port, args.workers)
    try:
        session = sign_in(port, args.username, args.password)
        today = dt.date.today()
        year_ago = today - dt.timedelta(days=364)
        pages = [
            ("trivial view", "/healthz/live"),
            ("dashboard (90 days)", f"/campaigns/{args.campaign}/dashboard/"),
            ("dashboard (365 days)", f"/campaigns/{args.campaign}/dashboard/?start={year_ago}&end={today}"),
            ("overview (20 campaigns)", "/campaigns/overview/"),
        ]
        results = [(name, measure(port, path, session, args.clients, args.requests)) for name, path in pages]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    baseline = results[0][1]["rps"]
    print(f"\n{args.clients} clients, {args.requests} requests per page, gunicorn {args.workers} sync workers")
    print(f"{'page':26s} {'req/s':>8s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} {'errors':>7s} {'vs trivial':>10s}")
    for name, r in results:
        ratio = r["rps"] / baseline
        print(
            f"{name:26s} {r['rps']:8.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} {r['errors']:7d} {ratio:10.3f}"
        )


if __name__ == "__main__":
    main()
