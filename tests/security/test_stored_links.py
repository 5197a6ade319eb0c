"""Links stored from outside are http(s) only, whatever their spelling, and an unsafe stored link
is never rendered as a link (stored XSS through a feed)."""

from __future__ import annotations

import re

import pytest

from config.links import is_web_link
from media_tracker.feeds import parse_feed
from tests import factories as f
from tests.media_tracker.content import rss

pytestmark = pytest.mark.django_db

UNSAFE = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "%6Aavascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "ftp://files.example.org/x",
    "//evil.example.org/x",
    "http:/\\evil.example.org",
    "https://exa\tmple.org/x",
    "https://example.org/\x00",
]


@pytest.mark.parametrize("link", UNSAFE)
def test_the_one_validator_refuses_every_disguise(link):
    assert not is_web_link(link)


@pytest.mark.parametrize(
    "link", ["http://example.org/a?b=1&c=2#x", "HTTPS://Example.org/", "https://xn--80ak6aa92e.com/"]
)
def test_the_one_validator_accepts_plain_web_links(link):
    assert is_web_link(link)


def test_feed_entries_with_script_or_data_links_are_dropped():
    items = [
        {"url": "javascript:alert(1)", "title": "plain"},
        {"url": "JaVaScRiPt:alert(1)", "title": "mixed case"},
        {"url": "data:text/html,<script>alert(1)</script>", "title": "data"},
        {"url": "vbscript:msgbox(1)", "title": "vbscript"},
        {"url": "https://news.example.org/real", "title": "real"},
    ]
    document = rss(title="T", items=items)
    # An entity-encoded scheme, which feedparser decodes before handing the link over.
    document = document.replace("<link>http://example.org/</link>", "<link>http://example.org/</link>", 1)
    document = document.replace(
        "</channel>", "<item><title>entity</title><link>&#106;avascript:alert(1)</link></item></channel>"
    )
    parsed = parse_feed(document.encode(), url="http://example.org/feed")
    assert [entry.url for entry in parsed.entries] == ["https://news.example.org/real"]
    assert parsed.unsafe_links == 5


@pytest.mark.parametrize(
    ("path", "field", "payload"),
    [
        ("/api/v1/organisations/", "website", {"name": "Org"}),
        ("/api/v1/outlets/", "website", {"name": "Outlet"}),
    ],
)
@pytest.mark.parametrize("link", ["ftp://files.example.org/x", "data:text/html,hi", "javascript:alert(1)"])
def test_the_api_refuses_an_unsafe_link(path, field, payload, link):
    from tests.parity.doors import api_client

    staff = f.UserFactory()
    f.MembershipFactory(user=staff, role="staff")
    response = api_client(staff).post(path, {**payload, field: link})
    assert response.status_code == 400 and field in response.json()["errors"]


def test_a_placement_recorded_through_the_api_refuses_an_ftp_link():
    from tests.parity.doors import api_client

    pitch = f.PitchFactory()
    staff = f.UserFactory()
    f.MembershipFactory(user=staff, campaign=pitch.op_ed.campaign, role="staff")
    response = api_client(staff).post(
        f"/api/v1/pitches/{pitch.pk}/record-placement/", {"url": "ftp://x.example.org/a", "published_on": "2020-11-02"}
    )
    assert response.status_code == 400 and "url" in response.json()["errors"]


def test_an_unsafe_link_stored_earlier_is_shown_as_text_never_as_a_link(client):
    campaign = f.CampaignFactory()
    member = f.UserFactory()
    f.MembershipFactory(user=member, campaign=campaign, role="viewer")
    article = f.ArticleFactory(url="javascript:alert(document.cookie)", title="Ceasefire holds")
    f.MentionFactory(article=article, campaign=campaign)
    f.PlacementFactory(campaign=campaign, url="JaVaScRiPt:alert(2)", title="On air")
    organisation = f.OrganisationFactory(website="javascript:alert(3)")
    client.force_login(member)
    for page in ["/media/", f"/outreach/organisations/{organisation.pk}/"]:
        body = client.get(page).content.decode()
        assert re.findall(r"href=[\"']?[^\"'>]*script:", body, re.IGNORECASE) == [], page
    media = client.get("/media/").content.decode()
    assert "Ceasefire holds" in media and "On air" in media
