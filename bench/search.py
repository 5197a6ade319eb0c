"""Header search latency on PostgreSQL: p50 / p95 per query kind, type-ahead and results page.

Fills DATABASE_URL with bench/generate_large.py first when it has no campaigns, then gives the
contacts and articles searchable text (names from a list with accents, Cyrillic and Arabic
variants; article titles from word lists, topped up to 1,000,000 articles) and measures:

- the search itself in this process (``search_everything``: every kind, as the views call it), for
  a superuser and for a member of two campaigns;
- the type-ahead and the results page through gunicorn on loopback (bench/common.py), one client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley_bench python bench/search.py
    DATABASE_URL=... python bench/search.py --scale 0.001 --repeat 3    # what CI runs

``--check`` fails the run when a type-ahead p95 (in process) is over the budget (150 ms).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from common import HOST, free_port, sign_in, start_server  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from generate_large import SIZES  # noqa: E402

BUDGET_MS = 150
ARTICLES = 1_000_000
FIRST = ["José", "Anahit", "Svitlana", "Thomas", "Leyla", "Karen", "Nigar", "Olivier", "Ayşe", "Gohar",
         "Rashad", "Hélène", "Tigran", "Zaur", "Marie", "Ilham", "Armen", "Élodie", "Farid", "Lusine"]  # fmt: skip
LAST = ["Sahakyan", "Aliyev", "Valko", "de Waal", "Mammadova", "Petrosyan", "Müller", "Hasanov", "Grigoryan",
        "Lefèvre", "Huseynova", "Avetisyan", "Öztürk", "Babayan", "Quliyev", "Durand", "Harutyunyan",
        "Ismayilov", "Karapetyan", "Novak"]  # fmt: skip
CYRILLIC = {"Sahakyan": "Саакян", "Aliyev": "Алиев", "Petrosyan": "Петросян", "Hasanov": "Гасанов"}
ARABIC = {"Sahakyan": "ساهاكيان", "Aliyev": "علييف"}
TOPIC = ["Ceasefire", "Talks", "Shelling", "Refugees", "Minsk Group", "Peacekeepers", "Humanitarian access",
         "Prisoners", "Aid convoy", "Border"]  # fmt: skip
PLACE = ["Stepanakert", "Baku", "Yerevan", "Shusha", "Ganja", "Moscow", "Paris", "Berlin", "Geneva", "Brussels"]
VERB = ["holds", "stalls", "resumes", "falters", "expands", "ends", "begins", "continues"]

QUERIES = [
    ("surname, many matches", "sahakyan"),
    ("full name", "Anahit Sahakyan"),
    ("prefix", "petros"),
    ("no accent typed", "jose lefevre"),
    ("Cyrillic variant", "Саакян"),
    ("Arabic variant", "ساهاكيان"),
    ("common word", "ceasefire"),
    ("two words", "ceasefire stepanakert"),
    ("nothing", "qwxzvy"),
]


def _sql_array(values) -> str:
    return "ARRAY[" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + "]"


def _variants_case() -> str:
    cases = []
    for surname in sorted(set(CYRILLIC) | set(ARABIC)):
        items = [value for value in (CYRILLIC.get(surname), ARABIC.get(surname)) if value]
        json = "[" + ", ".join(f'"{item}"' for item in items) + "]"
        cases.append(f"WHEN ({_sql_array(LAST)})[1 + (g / {len(FIRST)}) % {len(LAST)}] = '{surname}' THEN '{json}'")
    return "CASE " + " ".join(cases) + " ELSE '[]' END::jsonb"


def prepare(scale: float) -> None:
    """Searchable names and titles (once), articles topped up to ``ARTICLES`` x scale."""
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM campaigns_campaign")
        empty = not cursor.fetchone()[0]
    if empty:
        command = [sys.executable, str(Path(__file__).with_name("generate_large.py")), "--reset", "--scale", str(scale)]
        subprocess.run(command, check=True)
    # Only this file's constants are formatted into the SQL (S608).
    steps = [
        (
            "contact names",
            f"""UPDATE outreach_contact c SET
                    full_name = ({_sql_array(FIRST)})[1 + g % {len(FIRST)}] || ' '
                                || ({_sql_array(LAST)})[1 + (g / {len(FIRST)}) % {len(LAST)}] || ' ' || g,
                    name_variants = {_variants_case()}
                FROM (SELECT id, row_number() OVER (ORDER BY id) AS g FROM outreach_contact
                      WHERE full_name LIKE 'Contact %%') n
                WHERE n.id = c.id""",
        ),
        (
            "article titles",
            f"""UPDATE media_tracker_article a SET
                    title = ({_sql_array(TOPIC)})[1 + g % {len(TOPIC)}] || ' '
                            || ({_sql_array(VERB)})[1 + (g / 10) % {len(VERB)}] || ' in '
                            || ({_sql_array(PLACE)})[1 + (g / 80) % {len(PLACE)}] || ', report ' || g
                FROM (SELECT id, row_number() OVER (ORDER BY id) AS g FROM media_tracker_article
                      WHERE title LIKE 'Generated article %%') n
                WHERE n.id = a.id""",
        ),
        (
            "more articles",
            f"""INSERT INTO media_tracker_article (outlet_id, url, link_url, title, author, published_at, language,
                    text, fingerprint, created_at, updated_at)
                SELECT o.first + g % o.n, 'https://search-bench.example.org/a/' || g, '',
                       ({_sql_array(TOPIC)})[1 + g % {len(TOPIC)}] || ' '
                       || ({_sql_array(VERB)})[1 + (g / 10) % {len(VERB)}] || ' in '
                       || ({_sql_array(PLACE)})[1 + (g / 80) % {len(PLACE)}] || ', wire ' || g,
                       '', now() - (g %% 365) * interval '1 day', 'en', '', md5('s' || g), now(), now()
                FROM (SELECT min(id) AS first, count(*) AS n FROM media_tracker_outlet) o,
                     generate_series(1, greatest(0, %(target)s - (SELECT count(*) FROM media_tracker_article))) g""",
        ),
    ]
    target = max(2, int(ARTICLES * scale))
    for name, sql in steps:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            # A lone % is SQL's modulo: escape it for psycopg, leaving %(name)s and %% alone.
            cursor.execute(re.sub(r"(?<!%)%(?![%(])", "%%", sql), {"target": target})
            print(f"{name:28s} {cursor.rowcount:>10,} rows {time.perf_counter() - started:7.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE outreach_contact, media_tracker_article, outreach_interaction, outreach_organisation")
        cursor.execute("SELECT count(*) FROM outreach_contact")
        contacts = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM media_tracker_article")
        articles = cursor.fetchone()[0]
    print(f"searching {contacts:,} contacts and {articles:,} articles (scale {scale}, full size {SIZES['contacts']:,})")


def users():
    from campaigns.models import Campaign, Membership, User

    superuser = User.objects.get(username="bench")
    member, _ = User.objects.get_or_create(username="bench-member")
    member.set_password("bench-password")
    member.save()
    for campaign in Campaign.objects.order_by("pk")[:2]:
        Membership.objects.get_or_create(user=member, campaign=campaign, defaults={"role": Membership.Role.STAFF})
    return {"superuser": superuser, "member of 2": member}


def percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return 1000 * statistics.median(samples), 1000 * samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def measure_in_process(people: dict, repeat: int) -> list[tuple[str, str, str, float, float, int]]:
    from campaigns.reports.search import PAGE_LIMIT, TYPEAHEAD_LIMIT, search_everything

    rows = []
    for who, user in people.items():
        for label, query in QUERIES:
            for view, limit in (("type-ahead", TYPEAHEAD_LIMIT), ("page", PAGE_LIMIT)):
                search_everything(user=user, query=query, limit=limit)  # warm the plan and the cache
                samples, found = [], 0
                for _ in range(repeat):
                    started = time.perf_counter()
                    found = search_everything(user=user, query=query, limit=limit).count
                    samples.append(time.perf_counter() - started)
                p50, p95 = percentiles(samples)
                rows.append((who, label, view, p50, p95, found))
    return rows


def measure_http(port: int, session: str, repeat: int) -> list[tuple[str, str, float, float]]:
    rows = []
    connection_ = http.client.HTTPConnection(HOST, port, timeout=30)
    for label, query in QUERIES:
        for view, path in (("type-ahead", "/search/suggest"), ("page", "/search/")):
            url = f"{path}?{urllib.parse.urlencode({'q': query})}"
            samples = []
            for n in range(repeat + 1):
                started = time.perf_counter()
                connection_.request("GET", url, headers={"Cookie": f"sessionid={session}"})
                response = connection_.getresponse()
                response.read()
                if response.status != 200:
                    raise SystemExit(f"{url} answered {response.status}")
                if n:  # the first request warms the worker
                    samples.append(time.perf_counter() - started)
            p50, p95 = percentiles(samples)
            rows.append((label, view, p50, p95))
    connection_.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="data size when the database is empty or small")
    parser.add_argument("--repeat", type=int, default=20, help="requests per query kind and view")
    parser.add_argument("--no-http", action="store_true", help="only the in-process measurement")
    parser.add_argument("--check", action="store_true", help=f"fail when a type-ahead p95 is over {BUDGET_MS} ms")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/search.py needs PostgreSQL: set DATABASE_URL=postgres://...")
    prepare(args.scale)
    people = users()
    print(f"\nLoad average before measuring: {os.getloadavg()[0]:.1f} (other processes share the cores)")
    print(f"In process (search_everything, every kind), {args.repeat} runs each:")
    print(f"{'user':14s} {'query kind':24s} {'view':11s} {'p50 ms':>8s} {'p95 ms':>8s} {'hits':>5s}")
    over = []
    for who, label, view, p50, p95, found in measure_in_process(people, args.repeat):
        print(f"{who:14s} {label:24s} {view:11s} {p50:8.1f} {p95:8.1f} {found:5d}")
        if view == "type-ahead" and p95 > BUDGET_MS:
            over.append(f"{who}, {label}: p95 {p95:.0f} ms")
    if not args.no_http:
        port = free_port()
        server = start_server(port, workers=1)
        try:
            session = sign_in(port, "bench", "bench-password")
            print(f"\nThrough gunicorn (1 worker, 1 client, superuser), {args.repeat} requests each:")
            print(f"{'query kind':24s} {'view':11s} {'p50 ms':>8s} {'p95 ms':>8s}")
            for label, view, p50, p95 in measure_http(port, session, args.repeat):
                print(f"{label:24s} {view:11s} {p50:8.1f} {p95:8.1f}")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    print(f"\nLoad average after measuring: {os.getloadavg()[0]:.1f}")
    if over:
        print("\nOver the budget: " + "; ".join(over))
        if args.check:
            sys.exit(1)
    else:
        print(f"\nEvery type-ahead p95 under {BUDGET_MS} ms.")


if __name__ == "__main__":
    main()
