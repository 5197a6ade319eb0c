"""Polling feeds and storing their articles; fetching one article a staff member pasted."""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Membership
from campaigns.permissions import campaign_ids_for
from config.audit import audited
from media_tracker.extract import canonical_url, detect_language, extract_page, fingerprint, html_to_text
from media_tracker.feeds import FeedEntry, FeedError, parse_feed
from media_tracker.fetch import FetchError, FetchResult, fetch
from media_tracker.matching import Matcher
from media_tracker.models import AlertSubscription, Article, ExclusivityBreach, Feed, Mention, Outlet, Placement, Story
from media_tracker.services.exclusivity import BINDING_STATUSES, article_check_exclusivity
from media_tracker.services.mentions import article_record_mentions
from media_tracker.services.placements import OPEN_PITCH_STATUSES, article_detect_placements
from media_tracker.services.terms import current_matcher
from outreach.models import Pitch

logger = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=15)  # longer than a poll may take (POLL_BUDGET_SECONDS plus one fetch)
POLL_BUDGET_SECONDS = 300  # entries left after this wait for the next poll
JITTER = 0.1  # +/- 10% of the interval, so feeds added together do not stay in lockstep
MAX_BACKOFF = dt.timedelta(hours=24)
EXCLUSIVITY_LOOKBACK = dt.timedelta(days=30)
FULL_TEXT_MIN_CHARS = 600
HTML_TYPES = {"text/html", "application/xhtml+xml", ""}  # feed content shorter than this is a teaser: fetch the page


@dataclass(frozen=True)
class PollContext:
    """What one poll needs to know, read once per poll instead of once per article: which outlets
    have an open pitch (an article elsewhere cannot be a placement), whether any exclusivity may
    still be breached, and which campaigns have someone alerted on a term or an op-ed (an alert
    chosen during a poll applies from the next one)."""

    open_outlets: frozenset[int] | None = None  # None: any outlet may have one
    exclusive: bool = True
    alerted_campaigns: frozenset[int] | None = None  # None: look it up for each article

    def may_place(self, outlet_id: int) -> bool:
        return self.open_outlets is None or outlet_id in self.open_outlets

    @classmethod
    def now(cls) -> PollContext:
        outlets = (
            Pitch.objects.filter(status__in=OPEN_PITCH_STATUSES, placement__isnull=True)
            .values_list("outlet_id", flat=True)
            .distinct()
        )
        # Feeds list articles of the last weeks: an exclusivity ended a month ago can still be breached.
        since = timezone.localdate() - EXCLUSIVITY_LOOKBACK
        exclusive = Pitch.objects.filter(exclusive_until__gte=since, status__in=BINDING_STATUSES).exists()
        alerted = AlertSubscription.objects.values_list("campaign_id", flat=True).distinct()
        return cls(open_outlets=frozenset(outlets), exclusive=exclusive, alerted_campaigns=frozenset(alerted))


@dataclass
class IngestOutcome:
    article: Article | None
    created: bool
    mentions: list[Mention] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    breaches: list[ExclusivityBreach] = field(default_factory=list)
    warning: str = ""


@dataclass
class PollOutcome:
    feed_id: int
    claimed: bool = True
    not_modified: bool = False
    error: str = ""
    entries: int = 0
    outcomes: list[IngestOutcome] = field(default_factory=list)

    @property
    def new_articles(self) -> list[Article]:
        return [o.article for o in self.outcomes if o.created and o.article is not None]


def _known_urls(urls: list[str]) -> set[str]:
    """Which of ``urls`` are stored already, in one query."""
    rows = Article.objects.filter(Q(url__in=urls) | Q(link_url__in=urls)).values_list("url", "link_url")
    return {url for pair in rows for url in pair} & set(urls)


def _existing(url: str) -> Article | None:
    return Article.objects.filter(Q(url=url) | Q(link_url=url)).select_related("outlet").first()


def _store(
    *,
    outlet: Outlet,
    feed: Feed | None,
    url: str,
    link_url: str,
    title: str,
    author: str,
    published_at,
    text: str,
    matcher: Matcher | None = None,
    context: PollContext | None = None,
) -> IngestOutcome:
    language = detect_language(text or title, default=outlet.language)
    print_ = fingerprint(text)
    context = context or PollContext()
    try:
        with transaction.atomic():
            story, story_is_new = _story_for(print_, title)
            article = Article.objects.create(
                outlet=outlet,
                feed=feed,
                url=url,
                link_url=link_url if link_url != url else "",
                title=(title or url)[:500],
                author=author[:300],
                published_at=published_at or timezone.now(),
                language=language,
                text=text,
                fingerprint=print_,
                story=story,
            )
            mentions = article_record_mentions(
                article=article,
                matcher=matcher,
                fresh=True,
                story_is_new=story_is_new,
                alerted_campaigns=context.alerted_campaigns,
            )
            placements = article_detect_placements(article=article) if context.may_place(outlet.pk) else []
            breaches = article_check_exclusivity(article=article) if context.exclusive else []
    except IntegrityError:
        # Another poller stored the same URL a moment ago.
        return IngestOutcome(article=_existing(url), created=False)
    return IngestOutcome(article=article, created=True, mentions=mentions, placements=placements, breaches=breaches)


def _story_for(print_: str, title: str) -> tuple[Story | None, bool]:
    """The story with this fingerprint, created if needed (without a savepoint: INSERT ... ON
    CONFLICT DO NOTHING, then read), and whether this call created it."""
    if not print_:
        return None, True
    now = timezone.now()
    Story.objects.bulk_create([Story(fingerprint=print_, title=title[:500], first_seen_at=now)], ignore_conflicts=True)
    story = Story.objects.get(fingerprint=print_)
    return story, story.first_seen_at == now


def _require_html(page: FetchResult) -> None:
    content_type = page.headers.get("content-type", "text/html").split(";", 1)[0].strip().lower()
    if content_type not in HTML_TYPES:
        raise FetchError(f"the page is {content_type}, not HTML")


def entry_ingest(
    *,
    feed: Feed,
    entry: FeedEntry,
    matcher: Matcher | None = None,
    context: PollContext | None = None,
    unseen: bool = False,
) -> IngestOutcome:
    """Store a feed entry once: full text from the feed, or from the page when the feed has a teaser.

    ``unseen``: the caller checked a moment ago that the entry's address is not stored.
    """
    link = canonical_url(entry.url)
    existing = None if unseen else _existing(link)
    if existing is not None:
        return IngestOutcome(article=existing, created=False)
    text = html_to_text(entry.content)
    title, author, url, warning = entry.title, entry.author, link, ""
    published_at = entry.published_at
    if len(text) < FULL_TEXT_MIN_CHARS:
        try:
            page = fetch(entry.url)
            _require_html(page)
            extracted = extract_page(page.body, url=page.url)
        except FetchError as exc:
            warning = f"{entry.url}: {exc}; kept the feed's summary"
            text = text or html_to_text(entry.summary)
        else:
            url = extracted.canonical_url
            if url != link and (existing := _existing(url)) is not None:
                return IngestOutcome(article=existing, created=False)
            text = extracted.text or text or html_to_text(entry.summary)
            title = title or extracted.title
            author = author or extracted.author
            if published_at is None and extracted.published_on:
                published_at = dt.datetime.combine(extracted.published_on, dt.time(12), tzinfo=dt.UTC)
    outcome = _store(
        outlet=feed.outlet,
        feed=feed,
        url=url,
        link_url=link,
        title=title,
        author=author,
        published_at=published_at,
        text=text,
        matcher=matcher,
        context=context,
    )
    outcome.warning = warning
    return outcome


def _commit_without_waiting(on: bool) -> None:
    """While a poll stores its articles, commits do not wait for the disk (PostgreSQL only).

    An article lost in a crash right after its commit is read again from the feed, whose
    validators are saved last, with normal commits: nothing is lost for good, and each article
    saves a disk flush.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF" if on else "RESET synchronous_commit")


def _claim(feed_id: int, now, *, only_if_due: bool) -> bool:
    """Take the feed's lease with one conditional UPDATE; True when this caller got it."""
    condition = Q(pk=feed_id, is_active=True) & (Q(lease_until__isnull=True) | Q(lease_until__lt=now))
    if only_if_due:
        condition &= Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    return Feed.objects.filter(condition).update(lease_until=now + LEASE) == 1


def _next_poll(feed: Feed, now, *, failures: int) -> dt.datetime:
    interval = dt.timedelta(minutes=feed.poll_interval_minutes)
    if failures:
        interval = min(interval * (2 ** min(failures - 1, 16)), MAX_BACKOFF)
    return now + interval * random.uniform(1 - JITTER, 1 + JITTER)


def feed_poll(*, feed_id: int, force: bool = False) -> PollOutcome:
    """Poll one feed if it is due (or ``force``) and no other poll of it is running.

    Failures (fetch, parse) are recorded on the feed with back-off and never raised: a bad
    feed marks that feed failing and nothing else.
    """
    now = timezone.now()
    if not _claim(feed_id, now, only_if_due=not force):
        return PollOutcome(feed_id=feed_id, claimed=False)
    feed = Feed.objects.select_related("outlet").get(pk=feed_id)
    outcome = PollOutcome(feed_id=feed_id)
    started = time.monotonic()
    _commit_without_waiting(True)
    try:
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        result = fetch(feed.url, headers=headers)
        complete = True
        if result.not_modified:
            outcome.not_modified = True
        else:
            parsed = parse_feed(result.body, url=result.url)
            outcome.entries = len(parsed.entries)
            matcher = current_matcher()  # once per poll: the terms do not change under it
            context = PollContext.now()
            known = _known_urls([canonical_url(entry.url) for entry in parsed.entries])
            for entry in parsed.entries:
                if canonical_url(entry.url) in known:
                    continue  # stored by an earlier poll: not fetched again
                if time.monotonic() - started > POLL_BUDGET_SECONDS:
                    complete = False
                    break
                outcome.outcomes.append(
                    entry_ingest(feed=feed, entry=entry, matcher=matcher, context=context, unseen=True)
                )
            if parsed.title and not feed.title:
                feed.title = parsed.title[:300]
    except (FetchError, FeedError) as exc:
        outcome.error = str(exc)
        _record_failure(feed, outcome.error)
        return outcome
    except Exception as exc:
        _record_failure(feed, f"internal error: {exc.__class__.__name__}: {exc}")
        raise
    finally:
        _commit_without_waiting(False)
    finished = timezone.now()
    if not outcome.not_modified and complete:
        # Validators are kept only when every entry was read: a 304 must not hide unread ones.
        feed.etag = result.headers.get("etag", "")[:500]
        feed.last_modified = result.headers.get("last-modified", "")[:100]
    feed.last_polled_at = feed.last_success_at = finished
    feed.consecutive_failures = 0
    feed.last_error = ""
    feed.next_poll_at = finished if not complete else _next_poll(feed, finished, failures=0)
    feed.lease_until = None
    feed.save(
        update_fields=[
            "title",
            "etag",
            "last_modified",
            "last_polled_at",
            "last_success_at",
            "consecutive_failures",
            "last_error",
            "next_poll_at",
            "lease_until",
            "updated_at",
        ]
    )
    return outcome


def _record_failure(feed: Feed, reason: str) -> None:
    now = timezone.now()
    failures = feed.consecutive_failures + 1
    Feed.objects.filter(pk=feed.pk).update(
        last_polled_at=now,
        consecutive_failures=failures,
        last_error=f"{now:%Y-%m-%d %H:%M} UTC: {reason}"[:2000],
        next_poll_at=_next_poll(feed, now, failures=failures),
        lease_until=None,
        updated_at=now,
    )
    logger.warning("feed %s (%s) failed: %s", feed.pk, feed.url, reason)


def due_feed_ids(*, limit: int = 100) -> list[int]:
    """Feeds whose next poll has come and that no poller holds, oldest first."""
    now = timezone.now()
    return list(
        Feed.objects.due(now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .order_by("next_poll_at")
        .values_list("pk", flat=True)[:limit]
    )


def _outlet_for(url: str) -> Outlet | None:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    for outlet in Outlet.objects.exclude(website=""):
        if (urlsplit(outlet.website).hostname or "").lower().removeprefix("www.") == host:
            return outlet
    return None


@audited
def article_fetch_and_match(*, url: str, outlet: Outlet | None = None, by=None) -> IngestOutcome:
    """A staff member pasted an article URL: fetch it now, store it, find mentions and placements.

    An article already stored is matched again (terms or pitches may be newer than it).
    """
    if by is not None and not campaign_ids_for(user=by, at_least=Membership.Role.STAFF):
        raise ValidationError(_("Only campaign staff can add articles."))
    try:
        page = fetch(url)
        _require_html(page)
    except FetchError as exc:
        raise ValidationError(_("Could not fetch the article: %(reason)s") % {"reason": exc}) from None
    extracted = extract_page(page.body, url=page.url)
    link = canonical_url(url)
    existing = _existing(extracted.canonical_url) or _existing(link)
    if existing is not None:
        with transaction.atomic():
            mentions = article_record_mentions(article=existing)
            placements = article_detect_placements(article=existing)
            breaches = article_check_exclusivity(article=existing)
        return IngestOutcome(
            article=existing, created=False, mentions=mentions, placements=placements, breaches=breaches
        )
    outlet = outlet or _outlet_for(page.url) or _outlet_for(url)
    if outlet is None:
        raise ValidationError(
            _("No outlet has the website %(host)s: choose the outlet.") % {"host": urlsplit(page.url).hostname}
        )
    if not extracted.text:
        raise ValidationError(_("No article text was found at this address."))
    published_at = (
        dt.datetime.combine(extracted.published_on, dt.time(12), tzinfo=dt.UTC) if extracted.published_on else None
    )
    return _store(
        outlet=outlet,
        feed=None,
        url=extracted.canonical_url,
        link_url=link,
        title=extracted.title,
        author=extracted.author,
        published_at=published_at,
        text=extracted.text,
    )
