"""Campaign dashboard, overview and quarterly update: right figures, fixed query count."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import MentionRollup
from campaigns.reports.dashboard import Period, campaign_dashboard, campaigns_overview
from campaigns.reports.rollups import mention_rollup_refresh
from campaigns.reports.tasks import refresh_mention_rollups
from outreach.models import Briefing, Invitation, Pitch
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


TODAY = dt.date(2020, 11, 20)
PERIOD = Period(start=dt.date(2020, 10, 1), end=dt.date(2020, 11, 30))
AT = dt.datetime(2020, 11, 10, 12, 0, tzinfo=dt.UTC)


def fill(campaign, *, size: int, staff) -> None:
    """``size`` of everything the dashboard counts, in the period."""
    briefing = f.BriefingFactory(
        campaign=campaign, status=Briefing.Status.HELD, starts_at=AT, ends_at=AT + dt.timedelta(hours=1)
    )
    op_ed = f.OpEdFactory(campaign=campaign)
    for i in range(size):
        organisation = f.OrganisationFactory(country=["FR", "DE", "RU"][i % 3])
        contact = f.ContactFactory(organisation=organisation)
        f.InteractionFactory(
            campaign=campaign, contact=contact, organisation=organisation, logged_by=staff,
            occurred_at=AT - dt.timedelta(days=i % 20), follow_up_on=TODAY - dt.timedelta(days=1 + i % 3),
        )  # fmt: skip
        status = [Invitation.Status.ACCEPTED, Invitation.Status.DECLINED, Invitation.Status.INVITED][i % 3]
        f.InvitationFactory(
            briefing=briefing, contact=contact, status=status, attended=(i % 3 == 0) or None,
            answered_at=None if status == Invitation.Status.INVITED else AT,
        )  # fmt: skip
        outlet = f.OutletFactory(country=["FR", "DE", "RU"][i % 3], language=["fr", "de", "ru"][i % 3])
        pitch_status = Pitch.Status.PLACED if i % 6 in (0, 1, 3) else Pitch.Status.DECLINED
        pitch = f.PitchFactory(
            op_ed=op_ed, outlet=outlet, status=pitch_status, pitched_on=dt.date(2020, 11, 1),
            answered_on=dt.date(2020, 11, 5),
        )  # fmt: skip
        f.PlacementFactory(
            campaign=campaign, outlet=outlet, pitch=pitch if pitch_status == Pitch.Status.PLACED else None
        )
        article = f.ArticleFactory(outlet=outlet, language=outlet.language, published_at=AT - dt.timedelta(days=i % 15))
        f.MentionFactory(article=article, campaign=campaign)


@pytest.fixture
def campaign_with_data():
    campaign = f.CampaignFactory()
    staff = f.UserFactory(username="nareh", first_name="Nareh", last_name="K.")
    f.MembershipFactory(user=staff, campaign=campaign)
    fill(campaign, size=6, staff=staff)
    mention_rollup_refresh()
    return campaign


def test_figures_count_what_happened_in_the_period(campaign_with_data):
    campaign = campaign_with_data
    # Outside the period or in another campaign: not counted.
    f.InteractionFactory(campaign=campaign, occurred_at=AT - dt.timedelta(days=400))
    f.MentionFactory(campaign=f.CampaignFactory(), article=f.ArticleFactory(published_at=AT))
    mention_rollup_refresh()
    board = campaign_dashboard(campaign=campaign, period=PERIOD, today=TODAY)
    assert board.partners_engaged == 6
    assert board.briefings == {"total": 1, "held": 1}
    assert board.invitations["invited"] == 6 and board.invitations["answered"] == 4
    assert board.invitations["accepted"] == 2 and board.invitations["attended"] == 2
    assert (board.invitations["answer_rate"], board.invitations["attendance_rate"]) == (66.7, 100.0)
    assert board.pitches["pitched"] == 6 and board.pitches["placed"] == 3 and board.pitches["acceptance_rate"] == 50.0
    by_country = {row["label"]: (row["pitched"], row["won"]) for row in board.pitches_by_country}
    assert by_country == {"FR": (2, 2), "DE": (2, 1), "RU": (2, 0)}
    assert len(board.placements) == 6
    assert board.mentions_total == 6
    assert {row["language"]: row["count"] for row in board.mentions_by_language} == {"fr": 2, "de": 2, "ru": 2}
    assert sum(row["count"] for row in board.mentions_by_week) == 6
    assert [(row["logged_by__username"], row["overdue"]) for row in board.overdue_by_person] == [("nareh", 6)]


def test_dashboard_runs_the_same_number_of_queries_whatever_the_size():
    staff = f.UserFactory()
    small, large = f.CampaignFactory(), f.CampaignFactory()
    fill(small, size=1, staff=staff)
    fill(large, size=12, staff=staff)
    mention_rollup_refresh()
    counts = []
    for campaign in (small, large):
        with CaptureQueriesContext(connection) as queries:
            campaign_dashboard(campaign=campaign, period=PERIOD, today=TODAY)
        counts.append(len(queries))
    assert counts[0] == counts[1] == 19, counts
    # Again, with the mention figures cached until the next refresh of the rollups.
    with CaptureQueriesContext(connection) as queries:
        again = campaign_dashboard(campaign=large, period=PERIOD, today=TODAY)
    assert len(queries) == 14 and again.mentions_total == 12


def test_dashboard_page_query_count_is_fixed(client, campaign_with_data):
    campaign = campaign_with_data
    user = f.UserFactory()
    f.MembershipFactory(user=user, campaign=campaign, role="viewer")
    client.force_login(user)
    url = f"/campaigns/{campaign.slug}/dashboard/?start=2020-10-01&end=2020-11-30"
    client.get("/healthz/live")  # the first request after signing in also reads the time zone, once
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    fill(campaign, size=5, staff=user)
    mention_rollup_refresh()
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert len(first) == len(second)


def test_overview_runs_six_queries_for_any_number_of_campaigns():
    staff = f.UserFactory()
    campaigns = [f.CampaignFactory() for _ in range(4)]
    for campaign in campaigns:
        fill(campaign, size=2, staff=staff)
    mention_rollup_refresh()
    with CaptureQueriesContext(connection) as queries:
        rows = campaigns_overview(campaigns=campaigns, period=PERIOD, today=TODAY)
    assert len(queries) == 6
    assert [(row.mentions, row.placements, row.overdue) for row in rows] == [(2, 2, 2)] * 4


def test_a_new_mention_shows_once_the_refresh_job_has_run(campaign_with_data):
    campaign = campaign_with_data
    before = campaign_dashboard(campaign=campaign, period=PERIOD, today=TODAY).mentions_total
    f.MentionFactory(campaign=campaign, article=f.ArticleFactory(published_at=AT))
    assert campaign_dashboard(campaign=campaign, period=PERIOD, today=TODAY).mentions_total == before
    refresh_mention_rollups()  # what beat runs every minute
    assert campaign_dashboard(campaign=campaign, period=PERIOD, today=TODAY).mentions_total == before + 1
    refresh_mention_rollups()  # running it again changes nothing
    assert campaign_dashboard(campaign=campaign, period=PERIOD, today=TODAY).mentions_total == before + 1


def test_a_mention_committed_late_with_an_older_timestamp_is_still_counted(campaign_with_data):
    campaign = campaign_with_data
    total = MentionRollup.objects.filter(campaign=campaign).count()
    late = f.MentionFactory(campaign=campaign, article=f.ArticleFactory(published_at=AT))
    # Stamped before the watermark, as a long ingest transaction would have done.
    type(late).objects.filter(pk=late.pk).update(found_at=timezone.now() - dt.timedelta(minutes=2))
    refresh_mention_rollups()
    board = campaign_dashboard(campaign=campaign, period=PERIOD, today=TODAY)
    assert board.mentions_total == 7
    assert MentionRollup.objects.filter(campaign=campaign).count() >= total


def test_pages_are_for_members_only(client, campaign_with_data):
    campaign = campaign_with_data
    outsider = f.UserFactory()
    client.force_login(outsider)
    for url in ["dashboard/", "quarterly/", "dashboard/placements.csv"]:
        assert client.get(f"/campaigns/{campaign.slug}/{url}").status_code == 404
    assert campaign.name not in client.get("/campaigns/overview/").content.decode()
    client.logout()
    assert client.get(f"/campaigns/{campaign.slug}/dashboard/").status_code == 302


def test_csv_export_of_a_table_and_formula_cells_are_neutralised(client, campaign_with_data):
    campaign = campaign_with_data
    f.PlacementFactory(campaign=campaign, title='=HYPERLINK("http://x")', published_on=dt.date(2020, 11, 12))
    member = f.UserFactory()
    f.MembershipFactory(user=member, campaign=campaign, role="viewer")
    client.force_login(member)
    response = client.get(f"/campaigns/{campaign.slug}/dashboard/placements.csv?start=2020-10-01&end=2020-11-30")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Date,Outlet,Kind,Title,URL" and len(lines) == 8
    assert any("'=HYPERLINK" in line for line in lines)
    assert client.get(f"/campaigns/{campaign.slug}/dashboard/nonsense.csv").status_code == 404


def test_bad_period_shows_a_message_and_the_default_period(client, campaign_with_data):
    member = f.UserFactory()
    f.MembershipFactory(user=member, campaign=campaign_with_data, role="viewer")
    client.force_login(member)
    for query in ["start=2020-11-30&end=2020-10-01", "start=not-a-date", "start=1900-01-01&end=2020-01-01"]:
        response = client.get(f"/campaigns/{campaign_with_data.slug}/dashboard/?{query}")
        assert response.status_code == 200
        assert 'class="errors"' in response.content.decode() or "errorlist" in response.content.decode()


def test_quarterly_update_page_and_arabic_page(client, campaign_with_data):
    member = f.UserFactory()
    f.MembershipFactory(user=member, campaign=campaign_with_data, role="viewer")
    client.force_login(member)
    page = client.get(f"/campaigns/{campaign_with_data.slug}/quarterly/")
    body = page.content.decode()
    # The document itself is tested in tests/campaigns/test_quarterly.py; a viewer reads, never drafts.
    assert page.status_code == 200 and "No update drafted yet." in body and "quarterly/draft" not in body
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})  # signed in, the profile's beats the browser's
    arabic = client.get(f"/campaigns/{campaign_with_data.slug}/dashboard/")
    assert 'dir="rtl"' in arabic.content.decode()


def test_quarter_boundaries():
    assert Period.quarter_of(dt.date(2020, 11, 10)) == Period(dt.date(2020, 10, 1), dt.date(2020, 12, 31))
    assert Period.quarter_of(dt.date(2021, 2, 28)) == Period(dt.date(2021, 1, 1), dt.date(2021, 3, 31))


def test_dashboard_in_french_and_arabic(client, campaign_with_data):
    member = f.UserFactory(language="fr")  # the profile's language is the interface's
    f.MembershipFactory(user=member, campaign=campaign_with_data, role="viewer")
    client.force_login(member)
    url = f"/campaigns/{campaign_with_data.slug}/dashboard/"
    french = client.get(url).content.decode()
    assert "Mentions par semaine" in french and "Relances en retard" in french
    client.post("/i18n/setlang/", {"language": "ar", "next": url})
    arabic = client.get(url).content.decode()
    assert "الإشارات أسبوعيًا" in arabic and 'dir="rtl"' in arabic


EMPTY_CHART = {"en": "No data yet for this period.", "fr": "Pas encore de données pour cette période."}


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_chart_with_nothing_to_draw_says_so(client, language):
    campaign = f.CampaignFactory()
    member = f.UserFactory(language=language)
    f.MembershipFactory(user=member, campaign=campaign, role="viewer")
    client.force_login(member)
    html = client.get(f"/campaigns/{campaign.slug}/dashboard/").content.decode()
    message = EMPTY_CHART.get(language, "لا توجد بيانات بعد لهذه الفترة.")
    # Mentions per week, by country, by language, by outlet, and the pitch funnel: none is a blank box.
    assert html.count(message) == 5
    assert 'class="chart-series"' not in html and 'class="chart-bars"' not in html


def test_a_chart_with_data_draws_it(client, campaign_with_data):
    member = f.UserFactory()
    f.MembershipFactory(user=member, campaign=campaign_with_data, role="viewer")
    client.force_login(member)
    html = client.get(f"/campaigns/{campaign_with_data.slug}/dashboard/?start=2020-10-01&end=2020-11-30").content
    html = html.decode()
    assert 'class="chart-series"' in html and 'class="chart-bars"' in html
    assert html.count(EMPTY_CHART["en"]) < 5


def test_refresh_dashboards_command_counts_new_mentions_now(campaign_with_data):
    from django.core.management import call_command

    f.MentionFactory(campaign=campaign_with_data, article=f.ArticleFactory(published_at=AT))
    out = io.StringIO()
    call_command("refresh_dashboards", stdout=out)
    assert "campaign-days recounted" in out.getvalue()
    assert campaign_dashboard(campaign=campaign_with_data, period=PERIOD, today=TODAY).mentions_total == 7
