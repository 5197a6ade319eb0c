"""End-to-end ingest throughput: poll, parse, fetch pages, extract, detect language, match, store.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley_media \\
        python bench/ingest.py [--feeds 20] [--items 50] [--terms 2000]

Serves feeds and article pages (English, French, Russian and Arabic) from a real HTTP server on
loopback, polls every feed once with the same code the Celery task runs (one process, one feed
after the other: the rate of one worker), then polls again (nothing new). Migrates the database
it is given, and removes what it created (outlets, feeds, articles, campaign named "bench-...")
before and after. Prints articles/s.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
os.environ["MEDIA_TRACKER_ALLOW_PRIVATE_NETWORKS"] = "true"  # the loopback server

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from campaigns.models import Campaign  # noqa: E402
from media_tracker.models import Article, Mention, Outlet, Story, TrackedTerm  # noqa: E402
from media_tracker.services.ingest import feed_poll  # noqa: E402
from tests.media_tracker.content import page, rss  # noqa: E402

PREFIX = "bench-"
LANGS = ["en", "fr", "ru", "ar"]
HITS = {
    "en": "Thomas de Waal of Carnegie said the truce was fragile.",
    "fr": "Selon Svitlana Valko, les civils ont besoin d'aide.",
    "ru": "Эксперт Томас де Ваал считает перемирие хрупким.",
    "ar": "وقال توماس دي وال إن الهدنة هشة.",
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle's algorithm and the client's
    # delayed ACK add about 40 ms to every response.
    disable_nagle_algorithm = True
    routes: dict[str, bytes] = {}

    def do_GET(self):  # noqa: N802 (http.server's naming)
        body = self.routes.get(self.path)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml" if self.path.endswith(".xml") else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 (http.server's signature)
        pass


def cleanup() -> None:
    outlets = Outlet.objects.filter(name__startswith=PREFIX)
    Mention.objects.filter(article__outlet__in=outlets).delete()
    Article.objects.filter(outlet__in=outlets).delete()
    Story.objects.filter(articles__isnull=True, title__startswith=PREFIX).delete()
    outlets.delete()
    Campaign.objects.filter(slug__startswith=PREFIX).delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--items", type=int, default=50, help="entries per feed")
    parser.add_argument("--terms", type=int, default=2000, help="tracked terms of the bench campaign")
    args = parser.parse_args()

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    call_command("migrate", verbosity=0)
    cleanup()

    rng = random.Random(3)
    campaign = Campaign.objects.create(name=f"{PREFIX}campaign", slug=f"{PREFIX}campaign", status="active")
    terms = ["Thomas de Waal", "Svitlana Valko", "Томас де Ваал", "توماس دي وال", "Minsk Group"]
    terms += [f"Tracked Name {i} {rng.randrange(10**6)}" for i in range(args.terms - len(terms))]
    TrackedTerm.objects.bulk_create(TrackedTerm(campaign=campaign, term=t) for t in terms)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()

    feed_ids = []
    for f in range(args.feeds):
        outlet = Outlet.objects.create(name=f"{PREFIX}outlet {f}", language=LANGS[f % 4])
        items = []
        for i in range(args.items):
            lang = LANGS[(f + i) % 4]
            path = f"/{f}/{i}"
            unique = f"Report number {f}-{i}-{rng.randrange(10**9)} on the situation today, filed this morning."
            extra = (HITS[lang] + " " if i % 3 == 0 else "") + unique
            Handler.routes[path] = page(title=f"{PREFIX}story {f}-{i}", lang=lang, extra=extra).encode()
            items.append({"url": base + path, "title": f"Story {f}-{i}"})
        Handler.routes[f"/{f}.xml"] = rss(title=f"Feed {f}", items=items).encode()
        feed_ids.append(outlet.feeds.create(url=f"{base}/{f}.xml").pk)

    total = args.feeds * args.items
    started = time.perf_counter()
    new = 0
    for feed_id in feed_ids:
        outcome = feed_poll(feed_id=feed_id, force=True)
        if outcome.error:
            raise SystemExit(f"feed {feed_id} failed: {outcome.error}")
        new += len(outcome.new_articles)
    first = time.perf_counter() - started
    started = time.perf_counter()
    for feed_id in feed_ids:
        feed_poll(feed_id=feed_id, force=True)
    second = time.perf_counter() - started

    mentions = Mention.objects.filter(campaign=campaign).count()
    languages = sorted(set(Article.objects.filter(outlet__name__startswith=PREFIX).values_list("language", flat=True)))
    print(f"database: {engine}; {args.feeds} feeds x {args.items} entries = {total} articles; {len(terms)} terms")
    print(f"first poll:  {new} new articles in {first:.1f} s = {new / first:.1f} articles/s end to end")
    print("             (each: feed entry, page fetch over HTTP, trafilatura, language, matching, rows)")
    print(f"second poll: {total} known entries in {second:.2f} s = {total / second:.0f} entries/s (nothing new)")
    print(f"mentions stored: {mentions}; languages detected: {', '.join(languages)}")
    server.shutdown()
    cleanup()


if __name__ == "__main__":
    main()
