"""End-to-end ingest throughput: poll, parse, fetch pages, extract, detect language, match, store.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley_media \\
        python bench/ingest.py [--scale 1] [--workers 2] [--feeds 20] [--items 50] [--terms 2000]

Serves feeds and article pages in seven languages (English, French, German, Spanish, Turkish,
Russian, Arabic; a third of them carrying campaign terms in inflected forms) from a real HTTP
server on loopback, and polls every feed once with the code the Celery task runs, in
``--workers`` processes at once (each takes the next feed: what two Celery workers do), then
polls again (nothing new). Prints articles/s, where the workers' time went, and, measured in the
same run, the matcher against a bare pyahocorasick scan (bench/matching.py; ``--no-matching``
skips it). Migrates the database it is given, and removes what it created (outlets, feeds,
articles, campaign named "bench-...") before and after. ``--scale 0.05`` runs in seconds (CI).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import threading
import time
from collections import Counter
from html import escape
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
from django.db import connections  # noqa: E402

from bench import matching as matching_bench  # noqa: E402
from campaigns.models import Campaign  # noqa: E402
from media_tracker import matching  # noqa: E402
from media_tracker.models import Article, Mention, Outlet, Story, TrackedTerm  # noqa: E402
from media_tracker.services import ingest  # noqa: E402
from media_tracker.services.terms import current_matcher  # noqa: E402
from tests.media_tracker.content import PARAGRAPHS, rss  # noqa: E402

PREFIX = "bench-"
LANGS = ["en", "fr", "de", "es", "tr", "ru", "ar"]
# News copy written for this bench, in the languages the content module does not have.
EXTRA_PARAGRAPHS = {
    "de": [
        "Die in Moskau vereinbarte Waffenruhe hält seit einer Woche entlang der Kontaktlinie, sagten "
        "Beobachter am Dienstag in Stepanakert vor Journalisten.",
        "Hilfsorganisationen berichteten, der Zugang zu Zivilisten in der Region sei weiterhin begrenzt und "
        "Tausende Familien lebten noch immer in Kellern und Schulen fern ihrer Häuser.",
    ],
    "es": [
        "El alto el fuego negociado en Moscú se mantiene desde hace una semana a lo largo de la línea de "
        "contacto, según observadores que hablaron con la prensa en Stepanakert.",
        "Las agencias humanitarias dijeron que el acceso a los civiles de la región sigue siendo limitado y que "
        "miles de familias viven todavía en sótanos y escuelas lejos de sus casas.",
    ],
    "tr": [
        "Moskova'da varılan ateşkes, temas hattı boyunca bir haftadır sürüyor; gözlemciler salı günü "
        "Stepanakert'te gazetecilere açıklama yaptı.",
        "Yardım kuruluşları bölgedeki sivillere erişimin hâlâ sınırlı olduğunu ve binlerce ailenin evlerinden "
        "uzakta bodrumlarda ve okullarda yaşadığını söyledi.",
    ],
}
HITS = {
    "en": "Thomas de Waal of Carnegie said the Minsk Group's co-chairs were meeting again.",
    "fr": "Selon Svitlana Valko, les coprésidents du groupe de Minsk doivent agir.",
    "de": "Die Minsker Gruppe der OSZE trifft sich nächste Woche, sagte Thomas de Waal.",
    "es": "Los copresidentes de los grupos de Minsk se reunirán, dijo Svitlana Valko.",
    "tr": "AGİT Minsk Grubunun eş başkanları, Thomas de Waal'a göre yeniden toplanacak.",
    "ru": "Эксперт Томас де Ваал считает, что сопредседатели Минской группы должны действовать.",
    "ar": "وقال توماس دي وال إن رؤساء مجموعات مينسك سيجتمعون مجددا.",
}


def page(*, title: str, lang: str, extra: str) -> str:
    paragraphs = list(PARAGRAPHS.get(lang) or EXTRA_PARAGRAPHS[lang])
    paragraphs.insert(1, extra)
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    direction = ' dir="rtl"' if lang == "ar" else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}"{direction}><head><meta charset="utf-8"><title>{escape(title)}</title></head>
<body><header><nav><a href="/">Home</a></nav></header>
<main><article><h1>{escape(title)}</h1>{body}</article></main>
<footer><p>All rights reserved.</p></footer></body></html>"""


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


# --- Where the time goes: each stage of a poll, timed inside the workers ---------------------

STAGES = {
    "fetch": "HTTP fetches through the guarded client (feed and pages)",
    "parse_feed": "feed parsing (feedparser)",
    "extract_page": "main text extraction (trafilatura)",
    "detect_language": "language detection (py3langid)",
    "fingerprint": "text fingerprint",
    "find": "matching (fold, one automaton pass, checks)",
    "article_record_mentions": "mention rows and alerts (besides matching)",
    "article_detect_placements": "placement detection",
    "article_check_exclusivity": "exclusivity checks",
}


def _timed(name: str, function, spent: Counter):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started

    return wrapper


def worker(feeds, results) -> None:
    spent: Counter = Counter()
    for name in STAGES:
        if name == "find":
            matching.Matcher.find = _timed(name, matching.Matcher.find, spent)
        else:
            setattr(ingest, name, _timed(name, getattr(ingest, name), spent))
    new = errors = 0
    started = time.perf_counter()
    while (feed_id := feeds.get()) is not None:
        outcome = ingest.feed_poll(feed_id=feed_id, force=True)
        errors += bool(outcome.error)
        new += len(outcome.new_articles)
    spent["total"] = time.perf_counter() - started
    connections.close_all()
    results.put((new, errors, dict(spent)))


def poll_all(feed_ids: list[int], workers: int) -> tuple[float, int, int, Counter]:
    context = multiprocessing.get_context("fork")
    feeds, results = context.Queue(), context.Queue()
    for feed_id in feed_ids:
        feeds.put(feed_id)
    for _ in range(workers):
        feeds.put(None)
    connections.close_all()  # each worker opens its own connection
    started = time.perf_counter()
    processes = [context.Process(target=worker, args=(feeds, results)) for _ in range(workers)]
    for process in processes:
        process.start()
    outcomes = [results.get() for _ in processes]
    elapsed = time.perf_counter() - started
    for process in processes:
        process.join()
    spent: Counter = Counter()
    for _new, _errors, times in outcomes:
        spent.update(times)
    return elapsed, sum(o[0] for o in outcomes), sum(o[1] for o in outcomes), spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the feeds (0.05 for CI)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--items", type=int, default=50, help="entries per feed")
    parser.add_argument("--terms", type=int, default=2000, help="tracked terms of the bench campaign")
    parser.add_argument("--no-matching", action="store_true", help="skip the matcher measurement")
    args = parser.parse_args()
    feeds_wanted = max(round(args.feeds * args.scale), args.workers)
    items = max(round(args.feeds * args.items * args.scale / feeds_wanted), 1)

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    call_command("migrate", verbosity=0)
    cleanup()

    rng = random.Random(3)
    campaign = Campaign.objects.create(name=f"{PREFIX}campaign", slug=f"{PREFIX}campaign", status="active")
    minsk = [
        {"language": "fr", "text": "Groupe de Minsk"},
        {"language": "de", "text": "Minsk-Gruppe"},
        {"language": "es", "text": "grupo de Minsk"},
        {"language": "tr", "text": "Minsk Grubu"},
        {"language": "ru", "text": "Минская группа"},
        {"language": "ar", "text": "مجموعة مينسك"},
    ]
    waal = [{"language": "ru", "text": "Томас де Ваал"}, {"language": "ar", "text": "توماس دي وال"}]
    terms = [
        TrackedTerm(campaign=campaign, term="Minsk Group", language="en", forms=minsk),
        TrackedTerm(campaign=campaign, term="Thomas de Waal", kind="person", forms=waal),
        TrackedTerm(campaign=campaign, term="Svitlana Valko", kind="person"),
    ]
    terms += [
        TrackedTerm(campaign=campaign, term=f"Tracked Name {i} {rng.randrange(10**6)}", language="en")
        for i in range(args.terms - len(terms))
    ]
    TrackedTerm.objects.bulk_create(terms)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()

    feed_ids = []
    for f in range(feeds_wanted):
        outlet = Outlet.objects.create(name=f"{PREFIX}outlet {f}", language=LANGS[f % len(LANGS)])
        entries = []
        for i in range(items):
            lang = LANGS[(f + i) % len(LANGS)]
            path = f"/{f}/{i}"
            unique = f"Report number {f}-{i}-{rng.randrange(10**9)} on the situation today, filed this morning."
            extra = (HITS[lang] + " " if i % 3 == 0 else "") + unique
            Handler.routes[path] = page(title=f"{PREFIX}story {f}-{i}", lang=lang, extra=extra).encode()
            entries.append({"url": base + path, "title": f"Story {f}-{i}"})
        Handler.routes[f"/{f}.xml"] = rss(title=f"Feed {f}", items=entries).encode()
        feed_ids.append(outlet.feeds.create(url=f"{base}/{f}.xml").pk)
    # Built once here, so the forked workers inherit them: the matcher, the language model.
    current_matcher()
    ingest.detect_language("A sentence long enough to load the language identifier.")

    total = feeds_wanted * items
    first, new, errors, spent = poll_all(feed_ids, args.workers)
    if errors:
        raise SystemExit(f"{errors} feeds failed")
    second, _new, _errors, _spent = poll_all(feed_ids, args.workers)

    mentions = Mention.objects.filter(campaign=campaign).count()
    languages = sorted(set(Article.objects.filter(outlet__name__startswith=PREFIX).values_list("language", flat=True)))
    print(f"database: {engine}; {feeds_wanted} feeds x {items} entries = {total} articles; {len(terms)} terms")
    print(
        f"first poll:  {new} new articles in {first:.1f} s with {args.workers} workers = "
        f"{new / first:.1f} articles/s end to end (goal >= 100)"
    )
    print("             (each: feed entry, page fetch over HTTP, trafilatura, language, matching, rows)")
    print(f"second poll: {total} known entries in {second:.2f} s = {total / second:.0f} entries/s (nothing new)")
    print(f"mentions stored: {mentions}; languages detected: {', '.join(languages)}")
    busy = spent.pop("total", 0.0) or 1.0
    print(f"where the workers' time went ({busy:.1f} s of worker time for the first poll):")
    nested = spent["article_record_mentions"] - spent["find"]
    shares = {**{name: spent[name] for name in STAGES}, "article_record_mentions": max(nested, 0.0)}
    for name, seconds in sorted(shares.items(), key=lambda item: -item[1]):
        print(f"  {100 * seconds / busy:5.1f}%  {STAGES[name]}")
    rest = busy - sum(shares.values())
    print(f"  {100 * rest / busy:5.1f}%  article and story rows, transactions, the rest")
    server.shutdown()
    cleanup()
    if not args.no_matching:
        print()
        print("matcher, in the same run (bench/matching.py):")
        figures = matching_bench.run(
            terms=max(int(10_000 * min(args.scale, 1.0)), 100),
            campaigns=50,
            articles=max(int(2_000 * min(args.scale, 1.0)), 14),
            words=800,
            hit_rate=0.2,
            repeat=3,
            seed=7,
        )
        matching_bench.report(figures)


if __name__ == "__main__":
    main()
