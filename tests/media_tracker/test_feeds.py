"""Feeds are decoded and defused (any DTD or entity refused) before feedparser sees them."""

from __future__ import annotations

import feedparser
import pytest

from media_tracker.feeds import FeedError, defuse, parse_feed
from tests.media_tracker.content import BILLION_LAUGHS, QUADRATIC_BLOWUP, rss


def test_the_quadratic_blowup_sample_is_really_hostile_to_a_bare_feedparser():
    # A small cousin of QUADRATIC_BLOWUP (4 KB entity, 1,000 references): the loose parser expands it.
    small = QUADRATIC_BLOWUP.replace("a" * 40000, "a" * 4000).replace("&a;" * 10000, "&a;" * 1000)
    parsed = feedparser.parse(small.encode())
    assert len(parsed.entries[0].title) >= 4_000_000


@pytest.mark.parametrize("document", [BILLION_LAUGHS, QUADRATIC_BLOWUP], ids=["billion-laughs", "quadratic"])
def test_entity_declarations_are_refused(document):
    with pytest.raises(FeedError, match=r"declares XML entities"):
        parse_feed(document.encode(), url="http://example.org/feed")


def test_entities_hidden_in_utf16_are_refused_too():
    document = BILLION_LAUGHS.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>')
    with pytest.raises(FeedError, match=r"declares XML entities"):
        parse_feed(document.encode("utf-16"), url="http://example.org/feed")


def test_a_doctype_with_an_internal_subset_is_refused():
    document = '<?xml version="1.0"?><!DOCTYPE rss [<!ATTLIST rss x CDATA "y">]><rss version="2.0"/>'
    with pytest.raises(FeedError, match="internal subset"):
        parse_feed(document.encode(), url="http://example.org/feed")


def test_a_plain_doctype_is_refused_too():
    document = rss(title="Old", items=[{"url": "http://example.org/a", "title": "An item"}]).replace(
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">',
    )
    with pytest.raises(FeedError, match="declares a DTD"):
        defuse(document.encode())


def test_a_feed_is_handed_to_feedparser_as_utf8_declared_utf8():
    document = rss(title="Caf\u00e9", items=[{"url": "http://example.org/a", "title": "\u00c9t\u00e9"}])
    safe = defuse(document.replace("utf-8", "iso-8859-1").encode("iso-8859-1"))
    assert safe.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    parsed = parse_feed(document.encode("utf-16"), url="http://example.org/feed")
    assert parsed.title == "Caf\u00e9" and [e.title for e in parsed.entries] == ["\u00c9t\u00e9"]


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (b"<rss version='2.0'><channel><item><title>x</title></channel>", "not well-formed XML at line"),
        (b"<html><body><p>Hello</p></body></html>", "not an RSS or Atom feed"),
        (b"   ", "empty"),
        (b"\x00\x01\x02garbage", "NUL bytes"),
    ],
)
def test_bad_documents_give_a_clear_reason(document, reason):
    with pytest.raises(FeedError, match=reason):
        parse_feed(document, url="http://example.org/feed")


def test_relative_links_are_resolved_against_the_feed_url():
    document = rss(title="T", items=[{"url": "/news/1", "title": "One", "author": "ed@example.org (Jane Roe)"}])
    entry = parse_feed(document.encode(), url="http://example.org/feeds/all.xml").entries[0]
    assert entry.url == "http://example.org/news/1"
    assert entry.published_at.isoformat() == "2020-11-17T10:00:00+00:00"
