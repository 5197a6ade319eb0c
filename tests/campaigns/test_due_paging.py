"""What is due is read a page at a time: someone with thousands of follow-ups gets a short home
page, a short digest and a short API answer, each saying how many there are in all."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from campaigns.models import Campaign, Membership
from campaigns.reports import digests
from campaigns.reports.digests import digest_build
from campaigns.reports.due import DueList, due_for_user
from outreach.models import Pitch
from outreach.views import followups
from tests import factories as f
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def backlog():
    """13 follow-ups overdue, 2 due today, 3 coming up, and 2 pitches awaiting an answer, all mine."""
    today = timezone.localdate()
    campaign = f.CampaignFactory(status=Campaign.Status.ACTIVE)
    me = f.UserFactory(username="me", email="me@ngo.example.org", language="en", time_zone="UTC")
    f.MembershipFactory(user=me, campaign=campaign, role=Membership.Role.STAFF)
    for n, days in enumerate([-13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 0, 1, 2, 3]):
        f.InteractionFactory(
            campaign=campaign, logged_by=me, next_step=f"Step {n:02d}", follow_up_on=today + dt.timedelta(days=days)
        )
    for days in (5, 20):  # to follow up 3 days after the pitch: 2 days ago, 17 days ago
        f.PitchFactory(
            op_ed=f.OpEdFactory(campaign=campaign, title=f"Pitched {days} days ago", owner=me),
            status=Pitch.Status.PITCHED,
            pitched_on=today - dt.timedelta(days=days),
            follow_up_on=today - dt.timedelta(days=days - 3),
        )
    return me, today


def test_pages_of_due_items_put_together_are_the_whole_list_in_due_order(backlog):
    me, today = backlog
    until = today + dt.timedelta(days=14)
    whole = due_for_user(user=me, today=today, until=until)
    due = DueList(user=me, today=today, until=until)
    pages = [due[start : start + 6] for start in range(0, 24, 6)]
    assert [item.obj for page in pages for item in page] == [item.obj for item in whole]
    assert len(whole) == due.count() == 20
    assert (due.counts.overdue, due.counts.today, due.counts.upcoming) == (15, 2, 3)
    assert [item.due for item in whole] == sorted(item.due for item in whole)
    assert [item.obj for item in due_for_user(user=me, today=today, until=until, limit=4)] == [
        item.obj for item in whole[:4]
    ]


def test_home_shows_one_page_counts_everything_and_its_next_link_shows_the_rest(client, backlog, monkeypatch):
    me, _today = backlog
    monkeypatch.setattr(followups, "PER_PAGE", 8)
    client.force_login(me)
    first = client.get("/").content.decode()
    assert "Showing 1–8 of 20, oldest due first." in first
    # The headings count every item of their group, not only those on the page.
    assert re.search(r'Overdue <span class="badge overdue">15</span>', first)
    shown = set(re.findall(r"Step \d\d|Pitched \d+ days ago", first))
    assert len(shown) == 8 and "Pitched 20 days ago" in shown and "Step 13" not in shown
    seen = set(shown)
    page = first
    while "page=" in page and "Next" in page:
        link = re.search(r'<a href="\?page=(\d+)">Next</a>', page)
        if not link:
            break
        page = client.get(f"/?page={link.group(1)}").content.decode()
        on_page = set(re.findall(r"Step \d\d|Pitched \d+ days ago", page))
        assert not on_page & seen, "an item shown on two pages"
        seen |= on_page
    assert len(seen) == 20


def test_the_digest_lists_the_first_items_and_says_how_many_are_due(backlog, monkeypatch):
    me, _today = backlog
    monkeypatch.setattr(digests, "MINE_SHOWN", 5)
    digest = digest_build(user=me, now=timezone.now())
    # The digest lists what is due today or overdue: 13 + 2 follow-ups and the 2 pitches.
    assert len(digest.mine) == 5 and digest.mine_total == 17
    assert digest.mine[0].title == "Pitched 20 days ago"


def test_the_api_lists_at_most_the_limit_and_gives_the_total(backlog):
    me, _today = backlog
    answer = client_for(me).get("/api/v1/me/due/?days=14&limit=3").json()
    assert len(answer["items"]) == 3 and answer["total"] == 20
    assert client_for(me).get("/api/v1/me/due/?limit=0").status_code == 400
    everything = client_for(me).get("/api/v1/me/due/?days=14").json()
    assert len(everything["items"]) == everything["total"] == 20
