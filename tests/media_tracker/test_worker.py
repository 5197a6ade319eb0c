"""Beat's task fans out one poll per due feed, run by a real worker process."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from media_tracker.models import Article, Feed
from media_tracker.tasks import poll_due_feeds
from tests.factories import FeedFactory
from tests.media_tracker.content import page, rss


@pytest.fixture
def worker_env(monkeypatch):
    """The worker process reads its settings from the environment: let it reach the loopback server."""
    monkeypatch.setenv("MEDIA_TRACKER_ALLOW_PRIVATE_NETWORKS", "true")
    monkeypatch.setenv("MEDIA_TRACKER_TOTAL_TIMEOUT", "3")


@pytest.mark.services
def test_due_feeds_are_polled_by_the_worker_and_a_bad_one_fails_alone(worker_env, site, celery_worker_process):
    site.add("/story", page(title="Ceasefire holds", lang="en"))
    site.add("/feed.xml", rss(title="News", items=[{"url": site.url("/story"), "title": "Ceasefire holds"}]))
    site.add("/bad.xml", b"<rss><channel><title>broken</channel>")
    past = timezone.now() - dt.timedelta(minutes=1)
    good = FeedFactory(url=site.url("/feed.xml"), next_poll_at=past)
    bad = FeedFactory(url=site.url("/bad.xml"), next_poll_at=past)
    later = FeedFactory(url=site.url("/feed.xml") + "?later", next_poll_at=timezone.now() + dt.timedelta(hours=1))

    assert poll_due_feeds() == 2  # outside a transaction: published at once

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if Article.objects.filter(feed=good).exists() and Feed.objects.get(pk=bad.pk).last_error:
            break
        time.sleep(0.2)
    log = celery_worker_process.log()
    assert Article.objects.filter(feed=good).count() == 1, log
    bad.refresh_from_db()
    assert "not well-formed XML" in bad.last_error and bad.consecutive_failures == 1, log
    good.refresh_from_db()
    assert good.last_error == "" and good.next_poll_at > timezone.now()
    later.refresh_from_db()
    assert later.last_polled_at is None
