"""Polling feeds end to end against a real HTTP server on loopback."""

from __future__ import annotations

import datetime as dt
import gzip
import time
import tracemalloc

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from media_tracker import fetch as fetch_module
from media_tracker.extract import detect_language, extract_page
from media_tracker.models import Article, Feed, Mention, Placement, Story, TrackedTerm
from media_tracker.services.ingest import _claim, article_fetch_and_match, due_feed_ids, feed_poll
from media_tracker.services.terms import terms_refresh_derived
from media_tracker.tasks import poll_due_feeds
from outreach.mail.send import emails_send
from outreach.models import OpEd, OutgoingEmail, Pitch
from tests.factories import (
    BriefingFactory,
    CampaignFactory,
    ContactFactory,
    FeedFactory,
    OpEdFactory,
    OrganisationFactory,
    OutletFactory,
    PitchFactory,
    TrackedTermFactory,
    UserFactory,
)
from tests.media_tracker.conftest import drip, streamed
from tests.media_tracker.content import BILLION_LAUGHS, QUADRATIC_BLOWUP, page, rss

pytestmark = pytest.mark.django_db


def four_language_site(site):
    """Four articles (en, fr, ru, ar) whose pages must be fetched: the feed has only teasers."""
    articles = [
        (
            "en",
            "/en/ceasefire-holds",
            "Ceasefire holds in Karabakh",
            "Thomas de Waal of Carnegie said the truce is fragile.",
        ),
        (
            "fr",
            "/fr/cessez-le-feu",
            "Le cessez-le-feu tient au Karabakh",
            "Selon Svitlana Valko, les civils ont besoin d'aide.",
        ),
        ("ru", "/ru/peremirie", "Перемирие в Карабахе держится", "Эксперт Томас де Ваал считает перемирие хрупким."),
        ("ar", "/ar/hudna", "الهدنة صامدة في قره باغ", "وقال توماس دي وال إن الهدنة هشة."),
    ]
    items = []
    for lang, path, title, extra in articles:
        site.add(path, page(title=title, lang=lang, extra=extra), headers={"Content-Type": "text/html; charset=utf-8"})
        items.append({"url": site.url(path), "title": title})
    return items


def test_poll_finds_new_articles_in_four_languages_then_nothing_twice(site, fetch_settings):
    items = four_language_site(site)
    site.add("/feed.xml", rss(title="World news", items=items), headers={"Content-Type": "application/rss+xml"})
    feed = FeedFactory(url=site.url("/feed.xml"), outlet=OutletFactory(language="en"))

    outcome = feed_poll(feed_id=feed.pk)
    assert outcome.error == ""
    assert len(outcome.new_articles) == 4
    by_lang = {a.language: a for a in Article.objects.filter(feed=feed)}
    assert set(by_lang) == {"en", "fr", "ru", "ar"}
    assert "Stepanakert" in by_lang["en"].text and "Thomas de Waal" in by_lang["en"].text
    assert "Степанакерте" in by_lang["ru"].text
    assert by_lang["en"].published_at == dt.datetime(2020, 11, 17, 10, tzinfo=dt.UTC)
    feed.refresh_from_db()
    assert feed.title == "World news" and feed.last_success_at and feed.consecutive_failures == 0
    assert feed.next_poll_at > timezone.now() + dt.timedelta(minutes=25)  # 30 min +/- 10% jitter
    assert feed.lease_until is None

    # No validators on this feed: the next poll reads it again and stores nothing twice.
    assert feed_poll(feed_id=feed.pk).claimed is False  # not due yet
    again = feed_poll(feed_id=feed.pk, force=True)
    assert again.entries == 4 and again.new_articles == []
    assert Article.objects.count() == 4
    assert len(site.hits("/en/ceasefire-holds")) == 1  # a known entry is not fetched again


def test_conditional_requests_and_304(site, fetch_settings):
    items = four_language_site(site)[:1]
    site.add(
        "/feed.xml",
        rss(title="News", items=items),
        etag='"v1"',
        headers={"Last-Modified": "Tue, 17 Nov 2020 10:00:00 GMT"},
    )
    feed = FeedFactory(url=site.url("/feed.xml"))
    assert len(feed_poll(feed_id=feed.pk).new_articles) == 1
    feed.refresh_from_db()
    assert (feed.etag, feed.last_modified) == ('"v1"', "Tue, 17 Nov 2020 10:00:00 GMT")

    second = feed_poll(feed_id=feed.pk, force=True)
    assert second.not_modified and second.error == ""
    sent = site.hits("/feed.xml")[-1]
    assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"] == "Tue, 17 Nov 2020 10:00:00 GMT"

    site.add("/extra", page(title="Second story", lang="en"))
    new_items = [*items, {"url": site.url("/extra"), "title": "Second story"}]
    site.add("/feed.xml", rss(title="News", items=new_items), etag='"v2"')
    third = feed_poll(feed_id=feed.pk, force=True)
    assert [a.title for a in third.new_articles] == ["Second story"]
    feed.refresh_from_db()
    assert feed.etag == '"v2"' and feed.last_modified == ""


def test_mentions_per_campaign_with_the_right_terms_and_snippet(site, fetch_settings):
    ceasefire = CampaignFactory(name="Karabakh emergency response")
    other = CampaignFactory(name="Other campaign")
    closed = CampaignFactory(name="Closed", status="closed", closed_on=dt.date(2021, 1, 1))
    TrackedTermFactory(campaign=ceasefire, term="Minsk Group")
    TrackedTermFactory(campaign=ceasefire, term="Томас де Ваал")
    TrackedTermFactory(campaign=ceasefire, term="توماس دي وال")
    TrackedTermFactory(campaign=ceasefire, term="Groupe de Minsk")
    TrackedTermFactory(campaign=other, term="Stepanakert")
    TrackedTermFactory(campaign=closed, term="ceasefire")
    # Derived from campaign data: a briefing speaker and a partner organisation.
    partner = OrganisationFactory(name="International Partnership on Human Rights", is_partner=True)
    speaker = ContactFactory(full_name="Thomas de Waal", organisation=partner)
    BriefingFactory(campaign=ceasefire).speakers.add(speaker)
    assert terms_refresh_derived(campaign=ceasefire) == (2, 0)

    items = four_language_site(site)
    site.add("/feed.xml", rss(title="News", items=items))
    feed = FeedFactory(url=site.url("/feed.xml"))
    feed_poll(feed_id=feed.pk)

    def terms_of(mention):
        return sorted(t.term for t in mention.terms.all())

    en = Mention.objects.get(campaign=ceasefire, article__language="en")
    assert terms_of(en) == ["Minsk Group", "Thomas de Waal"]
    assert "Thomas de Waal of Carnegie said" in en.snippet
    ru = Mention.objects.get(campaign=ceasefire, article__language="ru")
    assert terms_of(ru) == ["Томас де Ваал"]  # "Минской группы" is declined: not the tracked form
    assert "Томас де Ваал считает" in ru.snippet
    ar = Mention.objects.get(campaign=ceasefire, article__language="ar")
    assert terms_of(ar) == ["توماس دي وال"]
    assert "توماس دي وال" in ar.snippet
    fr = Mention.objects.get(campaign=ceasefire, article__language="fr")
    assert terms_of(fr) == ["Groupe de Minsk"]
    # The Latin-script texts say "Stepanakert"; the Russian and Arabic ones spell it in their scripts.
    others = Mention.objects.filter(campaign=other)
    assert sorted(m.article.language for m in others) == ["en", "fr"]
    assert {t.term for m in others for t in m.terms.all()} == {"Stepanakert"}
    assert not Mention.objects.filter(campaign=closed).exists()
    assert others.get(article__language="en").published_at == en.article.published_at


def test_the_same_wire_story_in_two_outlets_is_one_story_with_two_appearances(site, fetch_settings):
    text = page(title="AFP: ceasefire holds", lang="en")
    site.add("/a/wire", text)
    site.add("/b/wire", text.replace("AFP: ceasefire holds", "Ceasefire holds, AFP reports"))
    site.add("/a.xml", rss(title="A", items=[{"url": site.url("/a/wire"), "title": "AFP: ceasefire holds"}]))
    site.add("/b.xml", rss(title="B", items=[{"url": site.url("/b/wire?utm_source=rss#top"), "title": "Holds"}]))
    feed_a, feed_b = FeedFactory(url=site.url("/a.xml")), FeedFactory(url=site.url("/b.xml"))
    feed_poll(feed_id=feed_a.pk)
    feed_poll(feed_id=feed_b.pk)
    assert Article.objects.count() == 2
    story = Story.objects.get()
    assert {a.outlet_id for a in story.articles.all()} == {feed_a.outlet_id, feed_b.outlet_id}
    assert Article.objects.get(outlet=feed_b.outlet).url == site.url("/b/wire")  # tracking and fragment dropped


def test_pitched_op_ed_publication_is_detected_as_a_placement_and_the_owner_told_once(
    site, fetch_settings, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="owner@parley.example.org")
    outlet = OutletFactory(name="Le Monde", language="fr")
    author = ContactFactory(full_name="Anahit Sarkissian")
    op_ed = OpEdFactory(title="Pour une paix durable au Karabakh", language="fr", status=OpEd.Status.READY)
    op_ed.authors.add(author)
    pitch = PitchFactory(op_ed=op_ed, outlet=outlet, owner=owner, pitched_on=dt.date(2020, 11, 10))
    unrelated = PitchFactory(op_ed=OpEdFactory(title="Another piece"), outlet=outlet)
    elsewhere = PitchFactory(
        op_ed=op_ed.__class__.objects.create(campaign=op_ed.campaign, title="Pour une paix durable au Karabakh (2)"),
        outlet=OutletFactory(),
    )

    site.add("/tribune", page(title="Pour une paix durable au Karabakh", lang="fr", author="Anahit Sarkissian"))
    site.add(
        "/feed.xml",
        rss(title="Le Monde", items=[{"url": site.url("/tribune"), "title": "Pour une paix durable au Karabakh"}]),
    )
    feed = FeedFactory(url=site.url("/feed.xml"), outlet=outlet)
    with django_capture_on_commit_callbacks() as callbacks:
        outcome = feed_poll(feed_id=feed.pk)
    placement = Placement.objects.get()
    assert outcome.outcomes[0].placements == [placement]
    assert placement.pitch == pitch and placement.outlet == outlet and placement.op_ed == op_ed
    assert placement.url == site.url("/tribune") and placement.published_on == dt.date(2020, 11, 17)
    assert placement.article.url == placement.url
    assert list(placement.spokespeople.all()) == [author]
    pitch.refresh_from_db()
    op_ed.refresh_from_db()
    assert pitch.status == Pitch.Status.PLACED and op_ed.status == OpEd.Status.PLACED
    for other in (unrelated, elsewhere):
        other.refresh_from_db()
        assert other.status == Pitch.Status.PITCHED
    assert len(callbacks) == 1  # the owner's email is published after commit
    email = OutgoingEmail.objects.get(kind=OutgoingEmail.Kind.PLACEMENT)  # queued with the placement
    assert emails_send(email_ids=[email.pk]) == {"sent": 1}
    assert emails_send(email_ids=[email.pk]) == {"skipped": 1}  # a redelivered task sends nothing
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@parley.example.org"]
    assert "Le Monde" in mail.outbox[0].subject and site.url("/tribune") in mail.outbox[0].body
    placement.refresh_from_db()
    assert placement.owner_notified_at is not None


def test_placement_by_author_byline_and_not_before_the_pitch(site, fetch_settings):
    outlet = OutletFactory(name="Die Zeit")
    author = ContactFactory(full_name="Gulnara Aliyeva")
    op_ed = OpEdFactory(title="A joint call for peace")
    op_ed.authors.add(author)
    pitch = PitchFactory(op_ed=op_ed, outlet=outlet, pitched_on=dt.date(2020, 11, 20))
    site.add("/early", page(title="Frieden jetzt", lang="en", author="Gulnara Aliyeva"))
    site.add("/late", page(title="Frieden, endlich", lang="en", author="Von Gulnara ALIYEVA"))
    items = [
        {"url": site.url("/early"), "title": "Frieden jetzt", "date": "Tue, 17 Nov 2020 10:00:00 GMT"},
        {"url": site.url("/late"), "title": "Frieden, endlich", "date": "Mon, 23 Nov 2020 10:00:00 GMT"},
    ]
    site.add("/feed.xml", rss(title="Zeit", items=items))
    feed_poll(feed_id=FeedFactory(url=site.url("/feed.xml"), outlet=outlet).pk)
    placement = Placement.objects.get()
    assert placement.pitch == pitch and placement.url == site.url("/late")  # the earlier piece predates the pitch


HOSTILE = {
    "billion-laughs": ("/laughs.xml", BILLION_LAUGHS.encode(), "declares XML entities"),
    "quadratic-blowup": ("/blowup.xml", QUADRATIC_BLOWUP.encode(), "declares XML entities"),
    "invalid-xml": ("/broken.xml", b"<rss version='2.0'><channel><title>x</channel></rss>", "not well-formed XML"),
    "not-a-feed": ("/page.html", b"<html><body><p>hello</p></body></html>", "not an RSS or Atom feed"),
}


def test_every_hostile_feed_ends_in_a_clear_error_in_seconds_and_bounded_memory(site, settings, monkeypatch):
    settings.MEDIA_TRACKER_ALLOW_PRIVATE_NETWORKS = False
    settings.MEDIA_TRACKER_TOTAL_TIMEOUT = 2
    settings.MEDIA_TRACKER_CONNECT_TIMEOUT = 2
    settings.MEDIA_TRACKER_MAX_BODY_BYTES = 1024 * 1024
    # The test server's own address counts as public; every other address is vetted as in production.
    original = fetch_module.address_is_public
    monkeypatch.setattr(fetch_module, "address_is_public", lambda a: a == "127.0.0.1" or original(a))
    port = site.base_url.rsplit(":", 1)[1]

    expected = {}
    for name, (path, body, reason) in HOSTILE.items():
        expected[name] = (site.add(path, body), reason)
    expected["oversized"] = (site.add("/huge.xml", handler=streamed(20 * 1024 * 1024)), "larger than the limit")
    expected["gzip-bomb"] = (
        site.add("/gz.xml", gzip.compress(b" " * (100 * 1024 * 1024)), headers={"Content-Encoding": "gzip"}),
        "larger than the limit",
    )
    expected["slow-server"] = (site.add("/slow.xml", handler=drip(0.1, 30)), "timed out after 2 s")
    expected["redirect-to-private"] = (
        site.add("/moved.xml", status=301, headers={"Location": "http://169.254.169.254/latest/meta-data/"}),
        "resolves to 169.254.169.254",
    )
    expected["ipv6-loopback"] = (f"http://[::1]:{port}/feed.xml", "resolves to ::1")
    expected["metadata"] = ("http://169.254.169.254/latest/meta-data/", "resolves to 169.254.169.254")
    # Decimal-encoded 169.254.169.254 (decimal 127.0.0.1 is refused in test_fetch.py: here
    # 127.0.0.1 is the test server's own address, allowed by the patch above).
    expected["decimal-ip"] = ("http://2852039166/feed.xml", "resolves to 169.254.169.254")
    expected["file-scheme"] = ("file:///etc/passwd", "only http and https")
    expected["ftp-scheme"] = ("ftp://example.org/feed.xml", "only http and https")

    good_items = four_language_site(site)[:1]
    good_url = site.add("/good.xml", rss(title="Good", items=good_items))
    feeds = {name: FeedFactory(url=url) for name, (url, _reason) in expected.items()}
    good = FeedFactory(url=good_url)

    # Load the language model and the extractor once before measuring: their one-time load
    # (tens of MB) is the process's, not any feed's.
    detect_language("The ceasefire held for a week, observers said on Tuesday.")
    extract_page(page(title="Warm-up", lang="en").encode(), url=site.url("/warm-up"))
    tracemalloc.start()
    started = time.monotonic()
    out = {}
    for name, feed in [*feeds.items(), ("good", good)]:
        began = time.monotonic()
        outcome = feed_poll(feed_id=feed.pk)
        out[name] = (outcome, time.monotonic() - began)
    elapsed = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    for name, (_url, reason) in expected.items():
        outcome, took = out[name]
        assert reason in outcome.error, (name, outcome.error)
        assert took < 3.5, (name, took)
        feed = feeds[name]
        feed.refresh_from_db()
        assert reason in feed.last_error and feed.consecutive_failures == 1, name
        assert feed.lease_until is None and feed.next_poll_at > timezone.now()
    assert out["good"][0].error == "" and len(out["good"][0].new_articles) == 1
    assert elapsed < 20
    assert peak < 64 * 1024 * 1024, f"peak traced memory {peak / 1e6:.1f} MB"


def test_failures_back_off_and_a_success_resets_them(site, fetch_settings):
    site.add("/flaky.xml", b"", status=503)
    feed = FeedFactory(url=site.url("/flaky.xml"), poll_interval_minutes=10)
    delays = []
    for _ in range(3):
        before = timezone.now()
        assert "HTTP 503" in feed_poll(feed_id=feed.pk, force=True).error
        feed.refresh_from_db()
        delays.append((feed.next_poll_at - before).total_seconds() / 60)
    assert feed.consecutive_failures == 3
    assert 9 <= delays[0] <= 11 and 18 <= delays[1] <= 22 and 36 <= delays[2] <= 44
    site.add("/flaky.xml", rss(title="Back", items=[]))
    assert feed_poll(feed_id=feed.pk, force=True).error == ""
    feed.refresh_from_db()
    assert feed.consecutive_failures == 0 and feed.last_error == ""


def test_one_poll_of_a_feed_at_a_time():
    feed = FeedFactory()
    now = timezone.now()
    assert _claim(feed.pk, now, only_if_due=True) is True
    assert _claim(feed.pk, now, only_if_due=False) is False  # leased: even a forced poll waits
    assert feed_poll(feed_id=feed.pk, force=True).claimed is False
    assert feed.pk not in due_feed_ids()
    # A poller that died: its lease lapses and the feed is polled again.
    Feed.objects.filter(pk=feed.pk).update(lease_until=now - dt.timedelta(seconds=1))
    assert feed.pk in due_feed_ids()


def test_beat_enqueues_due_feeds_only(django_capture_on_commit_callbacks):
    due = FeedFactory(next_poll_at=timezone.now() - dt.timedelta(minutes=1))
    FeedFactory(next_poll_at=timezone.now() + dt.timedelta(minutes=5))
    FeedFactory(is_active=False)
    assert due_feed_ids() == [due.pk]
    with django_capture_on_commit_callbacks() as callbacks:
        assert poll_due_feeds() == 1
    assert len(callbacks) == 1


def test_pasted_url_is_fetched_and_matched_at_once(site, fetch_settings):
    campaign = CampaignFactory()
    TrackedTermFactory(campaign=campaign, term="Minsk Group")
    outlet = OutletFactory(name="Loopback Times", website=site.base_url + "/")
    staff = UserFactory()
    campaign.memberships.create(user=staff, role="staff")
    url = site.add("/story", page(title="Minsk Group meets", lang="en", canonical=site.url("/story")))
    outcome = article_fetch_and_match(url=url, by=staff)
    assert outcome.created and outcome.article.outlet == outlet
    assert [m.campaign for m in outcome.mentions] == [campaign]
    again = article_fetch_and_match(url=url, by=staff)
    assert not again.created and again.article == outcome.article and Article.objects.count() == 1


def test_pasted_url_refusals_change_nothing(site, fetch_settings, settings):
    staff = UserFactory()
    CampaignFactory().memberships.create(user=staff, role="staff")
    viewer = UserFactory()
    CampaignFactory().memberships.create(user=viewer, role="viewer")
    url = site.add("/story", page(title="Story", lang="en"))
    with pytest.raises(ValidationError, match="Only campaign staff"):
        article_fetch_and_match(url=url, by=viewer)
    with pytest.raises(ValidationError, match="No outlet has the website 127.0.0.1"):
        article_fetch_and_match(url=url, by=staff)
    settings.MEDIA_TRACKER_ALLOW_PRIVATE_NETWORKS = False
    with pytest.raises(ValidationError, match="Could not fetch the article: refused"):
        article_fetch_and_match(url=url, by=staff)
    assert Article.objects.count() == 0


def test_poll_feeds_command_prints_what_it_found(site, fetch_settings):
    campaign = CampaignFactory(name="Karabakh")
    TrackedTermFactory(campaign=campaign, term="Stepanakert")
    site.add("/feed.xml", rss(title="News", items=four_language_site(site)[:1]))
    good = FeedFactory(url=site.url("/feed.xml"))
    bad = FeedFactory(url="http://[::1]:9/feed.xml")
    from io import StringIO

    out = StringIO()
    call_command("poll_feeds", stdout=out)
    text = out.getvalue()
    assert f"[{good.pk}]" in text and "1 new article(s)" in text
    assert "+ Ceasefire holds in Karabakh [en]" in text and "mention for Karabakh: Stepanakert" in text
    assert f"[{bad.pk}]" in text and "FAILED" in text
    out = StringIO()
    call_command("poll_feeds", "--feed", str(good.pk), stdout=out)
    assert "0 new article(s)" in out.getvalue() and f"[{bad.pk}]" not in out.getvalue()


def test_derived_terms_follow_campaign_data():
    campaign = CampaignFactory()
    op_ed = OpEdFactory(campaign=campaign, title="A joint call for peace")
    author = ContactFactory(full_name="Svitlana Valko")
    op_ed.authors.add(author)
    TrackedTermFactory(campaign=campaign, term="svitlana valko", source="manual")  # staff's own stays as is
    assert terms_refresh_derived(campaign=campaign) == (1, 0)
    assert set(campaign.tracked_terms.values_list("term", "source", "kind")) == {
        ("svitlana valko", "manual", "keyword"),
        ("A joint call for peace", "derived", "oped_title"),
    }
    op_ed.status = OpEd.Status.DROPPED
    op_ed.save()
    assert terms_refresh_derived(campaign=campaign) == (0, 1)
    assert not TrackedTerm.objects.filter(source="derived").exists()


def test_which_articles_count_as_the_pitched_op_ed():
    from media_tracker.services.placements import pitch_matches_article
    from tests.factories import ArticleFactory

    author = ContactFactory(full_name="Gulnara Aliyeva")
    long_title = PitchFactory(op_ed=OpEdFactory(title="A joint call for peace in Karabakh"))
    long_title.op_ed.authors.add(author)
    short_title = PitchFactory(op_ed=OpEdFactory(title="Peace now"))

    def article(**fields):
        return ArticleFactory.build(**{"title": "Opinion", "author": "", "text": "", **fields})

    assert pitch_matches_article(pitch=long_title, article=article(title="A joint call for peace in Karabakh!"))
    assert pitch_matches_article(pitch=long_title, article=article(text="… wrote “A joint call for peace in Karabakh”"))
    assert pitch_matches_article(pitch=long_title, article=article(author="By GULNARA ALIYEVA in Baku"))
    assert not pitch_matches_article(pitch=long_title, article=article(text="Gulnara Aliyeva was quoted."))
    assert pitch_matches_article(pitch=short_title, article=article(title="Peace now"))
    assert not pitch_matches_article(pitch=short_title, article=article(text="They want peace now, he said."))


def test_selectors_list_a_campaigns_mentions_and_failing_feeds(django_assert_num_queries):
    from media_tracker.selectors import campaign_mentions, feeds_failing
    from tests.factories import MentionFactory

    campaign = CampaignFactory()
    older = MentionFactory(campaign=campaign, found_at=timezone.now() - dt.timedelta(days=2))
    newer = MentionFactory(campaign=campaign)
    newer.terms.add(TrackedTermFactory(campaign=campaign, term="b"), TrackedTermFactory(campaign=campaign, term="a"))
    MentionFactory()  # another campaign's
    with django_assert_num_queries(2):
        rows = [
            (m, m.article.outlet.name, [t.term for t in m.terms.all()]) for m in campaign_mentions(campaign=campaign)
        ]
    assert [r[0] for r in rows] == [newer, older] and rows[0][2] == ["a", "b"]
    assert list(campaign_mentions(campaign=campaign, since=timezone.now() - dt.timedelta(days=1))) == [newer]
    failing = FeedFactory(consecutive_failures=3, last_error="HTTP 500")
    FeedFactory()
    assert list(feeds_failing()) == [failing]


def test_a_page_that_is_not_html_keeps_the_feeds_summary(site, fetch_settings):
    site.add("/report.pdf", b"%PDF-1.4 binary", headers={"Content-Type": "application/pdf"})
    item = {"url": site.url("/report.pdf"), "title": "Report", "description": "<p>The Minsk Group report.</p>"}
    site.add("/feed.xml", rss(title="News", items=[item]))
    outcome = feed_poll(feed_id=FeedFactory(url=site.url("/feed.xml")).pk)
    assert outcome.error == ""
    assert "application/pdf, not HTML" in outcome.outcomes[0].warning
    assert Article.objects.get().text == "The Minsk Group report."
