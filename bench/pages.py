"""Every page in the menu, every API list and the partners' page, under load, beside two baselines.

Starts gunicorn (sync workers) on loopback against DATABASE_URL (fill it first with
bench/generate_large.py), signs in as the benchmark's user, and for each page:
- counts the SQL queries and times one request in this process (Django's test client);
- loads it with wrk (a C load generator, so the client is not the bottleneck) from ``--clients``
  connections for ``--seconds``, and reads req/s, p50, p95 and errors;
- compares it with the bare baselines measured on the same server in the same run: a Django
  ``JsonResponse`` for pages (first and last, the faster kept) and, for each API list, a bare DRF
  ``APIView`` listing 50 rows loaded just before it (the ratio is the median of the runs').
Then it prints one table, the gunicorn workers' memory, and whether each page meets its budget
(``--check`` makes a missed budget fail the run).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley_bench python bench/generate_large.py --reset
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley_bench python bench/pages.py --check

CI runs both at a tiny scale (``--scale 0.001``, ``--seconds 1``) so that neither can rot.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import HOST, free_port, server_env, sign_in, start_server, worker_rss_mb  # noqa: E402

MENU_P95_MS = 300
FAST_P95_MS = 150  # home, the quick log and their API twin, me/due
TYPEAHEAD_P95_MS = 100
API_SHARE_OF_BARE_DRF = 0.35
WORKER_RSS_MB = 300


@dataclass
class Page:
    name: str
    path: str
    kind: str  # "baseline-json", "baseline-drf", "page", "fast", "typeahead", "api", "partner"
    queries: int = 0
    single_ms: float = 0.0
    status: int = 0
    load: dict = field(default_factory=dict)

    def budget(self, baselines: dict[str, float]) -> tuple[str, bool | None]:
        p95 = self.load.get("p95", 0.0)
        if self.kind in ("page", "partner"):
            return f"p95 < {MENU_P95_MS} ms", p95 < MENU_P95_MS
        if self.kind == "fast":
            return f"p95 < {FAST_P95_MS} ms", p95 < FAST_P95_MS
        if self.kind == "typeahead":
            return f"p95 < {TYPEAHEAD_P95_MS} ms", p95 < TYPEAHEAD_P95_MS
        if self.kind == "api":
            return f">= {API_SHARE_OF_BARE_DRF:.0%} of bare DRF", self.load.get("ratio", 0.0) >= API_SHARE_OF_BARE_DRF
        return "", None


def pages_of(data) -> list[Page]:
    """The pages to measure, with real ids of the benchmark's data."""
    campaign, contact, organisation, briefing, pitch, rsvp = (
        data["campaign"],
        data["contact"],
        data["organisation"],
        data["briefing"],
        data["pitch"],
        data["rsvp"],
    )
    pages = [
        Page("bare JsonResponse", "/bench/json/", "baseline-json"),
        Page("bare DRF list of 50", "/bench/drf-list/", "baseline-drf"),
        Page("home: my follow-ups", "/", "fast"),
        Page("quick log", "/outreach/log/", "fast"),
        Page("type-ahead: contacts", "/outreach/search/?kind=contact&q=Contact%2012", "typeahead"),
        Page("type-ahead: organisations", "/outreach/search/?kind=organisation&q=Organisation%201", "typeahead"),
        Page(
            "type-ahead: outlets",
            "/outreach/typeahead/?kind=outlet&name=outlet&id_attr=id_outlet&q=Outlet%2012",
            "typeahead",
        ),
        Page(
            "type-ahead: op-eds",
            "/outreach/typeahead/?kind=op_ed&name=op_ed&id_attr=id_op_ed&q=Op-ed%2012",
            "typeahead",
        ),
        Page("campaigns", "/campaigns/", "page"),
        Page("campaign page", f"/campaigns/{campaign}/", "page"),
        Page("dashboard, 90 days", f"/campaigns/{campaign}/dashboard/", "page"),
        Page("overview", "/campaigns/overview/", "page"),
        Page("quarterly update", f"/campaigns/{campaign}/quarterly/", "page"),
        Page("contacts, first page", "/outreach/contacts/", "page"),
        Page("contacts searched by name", "/outreach/contacts/?q=Contact%20123", "page"),
        Page("a contact's page", f"/outreach/contacts/{contact}/", "page"),
        Page("organisations", "/outreach/organisations/", "page"),
        Page("an organisation's page", f"/outreach/organisations/{organisation}/", "page"),
        Page("briefings", "/outreach/briefings/", "page"),
        Page("a briefing's page", f"/outreach/briefings/{briefing}/", "page"),
        Page("op-ed board", "/outreach/op-eds/", "page"),
        Page("new op-ed", "/outreach/op-eds/new/", "page"),
        Page("a pitch's page", f"/outreach/pitches/{pitch}/", "page"),
        Page("media", "/media/", "page"),
        Page("tracked terms", "/media/terms/", "page"),
        Page("alerts", "/media/alerts/", "page"),
        Page("partner: RSVP page", f"/rsvp/{rsvp}/", "partner"),
    ]
    for resource in (
        "campaigns",
        "objectives",
        "memberships",
        "organisations",
        "contacts",
        "interactions",
        "briefings",
        "invitations",
        "op-eds",
        "pitches",
        "placements",
        "outlets",
        "feeds",
        "articles",
        "tracked-terms",
        "mentions",
    ):
        pages.append(Page(f"API {resource}", f"/api/v1/{resource}/?page_size=50", "api"))
    # Not a list of one resource but the home page's answer in JSON (counts of four kinds, new press
    # mentions, the first 50 items): held to the home page's budget.
    pages.append(Page("API me/due", "/api/v1/me/due/?limit=50", "fast"))
    return pages


def bench_data(username: str) -> dict:
    """Ids of the largest objects of the benchmark's data (the hardest pages to serve)."""
    from django.db.models import Count
    from django.utils import timezone

    from campaigns.models import Campaign
    from outreach.models import Briefing, Contact, Invitation, Organisation, Pitch
    from outreach.services.rsvp import rsvp_token

    campaign = Campaign.objects.order_by("pk").first()
    # An upcoming briefing: its page has the invite form and its invitations can still be answered.
    upcoming = Briefing.objects.filter(ends_at__gt=timezone.now()).exclude(status=Briefing.Status.CANCELLED)
    briefing = upcoming.annotate(n=Count("invitations")).order_by("-n", "pk").first()
    invitation = Invitation.objects.filter(briefing=briefing).order_by("pk").first()
    return {
        "campaign": campaign.slug,
        "contact": Contact.objects.annotate(n=Count("interactions")).order_by("-n").values_list("pk", flat=True)[0],
        "organisation": Organisation.objects.annotate(n=Count("contacts"))
        .order_by("-n")
        .values_list("pk", flat=True)[0],
        "briefing": briefing.pk,
        "pitch": Pitch.objects.order_by("pk").values_list("pk", flat=True)[0],
        "rsvp": rsvp_token(invitation=invitation, answer="accept"),
    }


def count_queries(pages: list[Page], username: str) -> None:
    """One request per page in this process, counting its SQL queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from campaigns.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(page.path)
            page.single_ms = 1000 * (time.perf_counter() - started)
        page.queries, page.status = len(queries), response.status_code


def load(port: int, page: Page, session: str, clients: int, seconds: float) -> None:
    url = f"http://{HOST}:{port}{page.path}"
    command = [
        "wrk",
        f"-t{min(2, clients)}",
        f"-c{clients}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(Path(__file__).with_name("wrk_report.lua")),
        "-H",
        f"Cookie: sessionid={session}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    match = re.search(r"PARLEY (.*)", output)
    if match is None:  # wrk gave up (nothing answered in time): a failed page, not a failed run
        page.load = {"rps": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "errors": 1, "requests": 0}
        return
    values = {key: int(value) for key, value in (pair.split("=") for pair in match.group(1).split())}
    page.load = {
        "rps": values["requests"] / (values["duration_us"] / 1e6),
        "p50": values["p50"] / 1000,
        "p95": values["p95"] / 1000,
        "p99": values["p99"] / 1000,
        "errors": values["errors"] + values["timeouts"],
        "requests": values["requests"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10, help="of load per page")
    parser.add_argument("--runs", type=int, default=1, help="repeat and keep the median of each figure")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (one per core here)")
    parser.add_argument("--only", default="", help="comma-separated words: measure the pages whose name has one")
    parser.add_argument("--username", default="bench")
    parser.add_argument("--password", default="bench-password")
    parser.add_argument("--check", action="store_true", help="exit 1 when a page misses its budget")
    parser.add_argument(
        "--smoke", action="store_true", help="CI: every page must answer 200; load the baselines only, briefly"
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to the PostgreSQL database filled by bench/generate_large.py")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")

    port = free_port()
    os.environ.update({k: v for k, v in server_env(port).items() if k not in os.environ or k == "ALLOWED_HOSTS"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    pages = pages_of(bench_data(args.username))
    if args.only:
        words = [word.strip().lower() for word in args.only.split(",")]
        pages = [p for p in pages if p.kind.startswith("baseline") or any(w in p.name.lower() for w in words)]
    server = start_server(port, args.workers)  # collects the static files the pages link to
    try:
        count_queries(pages, args.username)
        broken = [f"{p.name} ({p.path}): HTTP {p.status}" for p in pages if p.status != 200]
        if broken:
            raise SystemExit("pages that do not answer 200:\n  " + "\n  ".join(broken))
        session = sign_in(port, args.username, args.password)
        if args.smoke:
            pages = [page for page in pages if page.kind.startswith("baseline")]
            print("every page answers 200; loading the baselines only (--smoke)")
        runs: dict[str, list[dict]] = {page.name: [] for page in pages}
        baselines = [page for page in pages if page.kind.startswith("baseline")]
        for _run in range(args.runs):
            # The baselines first and again last: the machine's speed drifts within a run, and the
            # faster of the two (the stricter ratio) is kept.
            for page in [*pages, *baselines]:
                if page.kind == "api":
                    # Each API list beside the bare DRF list measured just before it: the ratio
                    # then holds however the machine's speed drifts during the run.
                    beside = Page("bare DRF list, beside", "/bench/drf-list/", "baseline-drf")
                    load(port, beside, session, args.clients, args.seconds)
                load(port, page, session, args.clients, args.seconds)
                if page.kind == "api":
                    page.load["ratio"] = page.load["rps"] / beside.load["rps"] if beside.load["rps"] else 0.0
                runs[page.name].append(page.load)
        for page in pages:
            if page.kind.startswith("baseline"):
                page.load = max(runs[page.name], key=lambda r: r["rps"])
            else:
                page.load = {key: statistics.median(r[key] for r in runs[page.name]) for key in runs[page.name][0]}
                page.load["errors"] = sum(r["errors"] for r in runs[page.name])  # every failed request counts
        memory = worker_rss_mb(server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    baselines = {p.kind: p.load["rps"] for p in pages if p.kind.startswith("baseline")}
    print(
        f"\n{args.clients} clients, {args.seconds:g} s per page, median of {args.runs} run(s), "
        f"gunicorn {args.workers} sync workers, wrk"
    )
    header = (
        f"{'page':28s} {'req/s':>8s} {'p50 ms':>7s} {'p95 ms':>7s} {'queries':>7s} {'1 req ms':>8s} {'vs base':>7s}"
    )
    print(header + f"  {'errors':>6s}  budget")
    missed = []
    for page in pages:
        base = baselines.get("baseline-json") or 1
        ratio = page.load["ratio"] if page.kind == "api" else page.load["rps"] / base
        label, ok = page.budget(baselines)
        verdict = "" if ok is None else ("ok" if ok else "MISSED")
        if ok is False or page.load["errors"]:
            missed.append(page.name)
        print(
            f"{page.name:28s} {page.load['rps']:8.1f} {page.load['p50']:7.1f} {page.load['p95']:7.1f} "
            f"{page.queries:7d} {page.single_ms:8.1f} {ratio:7.3f}  {page.load['errors']:6d}  "
            f"{label} {verdict}"
        )
    print(f"\ngunicorn workers after the run: {', '.join(f'{mb:.0f} MB' for mb in memory)} (budget {WORKER_RSS_MB} MB)")
    if any(mb >= WORKER_RSS_MB for mb in memory):
        missed.append("worker memory")
    if missed:
        print("missed: " + ", ".join(missed))
        if args.check:
            sys.exit(1)


if __name__ == "__main__":
    main()
