"""Staff mark mentions relevant or not; what is marked not relevant stops counting and never comes
back; people alerted on a term or an op-ed hear of new mentions at once, by email at most once per
15 minutes, grouped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Membership
from campaigns.reports.dashboard import Period, campaign_dashboard
from campaigns.reports.digests import digest_build
from campaigns.reports.due import new_mentions_for_user
from campaigns.reports.tasks import refresh_mention_rollups
from media_tracker.models import Mention, Notification
from media_tracker.services.alerts import alert_subscribe, notifications_email
from media_tracker.services.ingest import _store
from media_tracker.services.mentions import article_record_mentions, mention_mark_relevance
from media_tracker.services.terms import terms_refresh_derived, tracked_term_create
from outreach.models import OutgoingEmail
from tests import factories as f
from tests.media_tracker.content import page

pytestmark = pytest.mark.django_db

TEXT = (
    "Les coprésidents du groupe de Minsk se sont réunis à Moscou pour préparer la reprise du dialogue.\n"
    "Selon un diplomate présent, les deux délégations ont accepté de revenir à la table des négociations "
    "avant la fin du mois, sous réserve que le cessez-le-feu soit respecté le long de la ligne de contact.\n"
    "Les organisations humanitaires demandent de leur côté un accès sans entrave aux civils de la région.\n"
    "Des milliers de familles déplacées vivent toujours dans des écoles et des caves, loin de chez elles, "
    "et l'hiver approche dans les montagnes, ont rappelé plusieurs responsables d'agences des Nations unies."
)


@pytest.fixture
def team():
    campaign = f.CampaignFactory()
    coordinator = f.UserFactory(username="lead", email="lead@ngo.example.org")
    f.MembershipFactory(user=coordinator, campaign=campaign, role=Membership.Role.COORDINATOR)
    term = tracked_term_create(
        campaign=campaign,
        by=coordinator,
        term="Minsk Group",
        language="en",
        forms=[{"language": "fr", "text": "Groupe de Minsk"}],
    )
    return campaign, coordinator, term


def new_article(title: str, *, text: str = TEXT, outlet=None, at=None):
    """An article stored as the poller stores it (mentions, placements, exclusivities)."""
    return _store(
        outlet=outlet or f.OutletFactory(language="fr"),
        feed=None,
        url=f"https://news.example.org/{title.replace(' ', '-')}",
        link_url="",
        title=title,
        author="",
        published_at=at or timezone.now(),
        text=text,
    )


def test_marked_not_relevant_stops_counting_in_dashboard_digest_and_home(team):
    campaign, coordinator, _term = team
    kept = new_article("Reprise du dialogue").mentions[0]
    noise = new_article("Un autre groupe de Minsk").mentions[0]
    refresh_mention_rollups()
    period = Period.last_days(7)
    assert campaign_dashboard(campaign=campaign, period=period).mentions_total == 2
    mention_mark_relevance(mention=kept, relevance=Mention.Relevance.RELEVANT, by=coordinator)
    mention_mark_relevance(mention=noise, relevance=Mention.Relevance.IRRELEVANT, by=coordinator)
    refresh_mention_rollups()
    # Relevant and not yet reviewed count; not relevant does not.
    assert campaign_dashboard(campaign=campaign, period=period).mentions_total == 1
    now = timezone.now() + dt.timedelta(seconds=1)
    assert list(new_mentions_for_user(user=coordinator, now=now)) == [kept]
    assert [item.title for item in digest_build(user=coordinator, now=now).mentions] == ["Reprise du dialogue"]


def test_a_marked_mention_never_comes_back_after_another_poll_or_a_new_address(team):
    campaign, coordinator, _term = team
    outcome = new_article("Un autre groupe de Minsk")
    mention_mark_relevance(mention=outcome.mentions[0], relevance="irrelevant", by=coordinator)
    again = article_record_mentions(article=outcome.article)  # matched again (new terms, a re-fetch)
    assert [m.relevance for m in again] == ["irrelevant"]
    # The same story at another address (the outlet changed the slug): same verdict.
    moved = new_article("Un autre groupe de Minsk, mis à jour")
    assert moved.article.story_id is not None and moved.article.story_id == outcome.article.story_id
    assert moved.mentions[0].relevance == "irrelevant"
    assert Mention.objects.counted().filter(campaign=campaign).count() == 0


def test_a_placement_cannot_be_marked_not_relevant(team):
    campaign, coordinator, _term = team
    mention = new_article("Tribune").mentions[0]
    f.PlacementFactory(campaign=campaign, outlet=mention.article.outlet, article=mention.article)
    with pytest.raises(ValidationError) as caught:
        mention_mark_relevance(mention=mention, relevance="irrelevant", by=coordinator)
    assert caught.value.message_dict["relevance"] == [
        "This article is one of the campaign's placements, so it cannot be marked not relevant."
    ]


def test_media_page_marks_relevance_with_htmx_and_filters_by_it(client, team):
    campaign, coordinator, _term = team
    mention = new_article("Reprise du dialogue").mentions[0]
    client.force_login(coordinator)
    url = reverse("media_tracker:mention-relevance", args=[mention.pk])
    response = client.post(url, {"relevance": "irrelevant"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="mention-' in response.content.decode()
    assert "Not relevant" in response.content.decode()
    html = client.get(reverse("media_tracker:media")).content.decode()
    assert "Reprise du dialogue" not in html  # the default list hides what is not relevant
    html = client.get(reverse("media_tracker:media"), {"relevance": "irrelevant"}).content.decode()
    assert "Reprise du dialogue" in html


def test_media_page_filters_by_term_and_language_and_exports_csv_without_formulas(client, team):
    campaign, coordinator, term = team
    new_article('=HYPERLINK("http://evil")')
    other = tracked_term_create(campaign=campaign, by=coordinator, term="Stepanakert", kind="place")
    new_article("Stepanakert", text="Les habitants de Stepanakert attendent.")
    client.force_login(coordinator)
    html = client.get(reverse("media_tracker:media"), {"term": other.pk}).content.decode()
    assert "Stepanakert" in html and "HYPERLINK" not in html
    response = client.get(reverse("media_tracker:media"), {"term": term.pk, "language": "fr", "export": "csv"})
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in body and "Stepanakert" not in body


def test_alerts_in_app_at_once_and_one_grouped_email_per_quarter_hour(team, django_capture_on_commit_callbacks):
    campaign, coordinator, term = team
    alert_subscribe(by=coordinator, term=term)
    first = new_article("Premier article")
    assert Notification.objects.filter(user=coordinator, mention=first.mentions[0]).exists()
    emails = OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.ALERT, user=coordinator)
    assert emails.count() == 1 and "Premier article" in emails.get().subject
    new_article("Deuxième article")
    new_article("Troisième article")
    assert emails.count() == 1  # the window's email is out: the next two wait
    assert Notification.objects.filter(user=coordinator, emailed_at__isnull=True).count() == 2
    assert notifications_email(now=timezone.now() + dt.timedelta(minutes=15)) == 1  # what beat runs
    grouped = emails.order_by("-created_at").first()
    assert grouped.subject == "2 media alerts"
    assert "Deuxième article" in grouped.body_text and "Troisième article" in grouped.body_text


def test_alert_on_an_op_ed_fires_on_its_title_in_another_language_version(team):
    campaign, coordinator, _term = team
    original = f.OpEdFactory(campaign=campaign, title="A ceasefire is not yet peace", language="en")
    f.OpEdFactory(
        campaign=campaign, title="Un cessez-le-feu n'est pas encore la paix", language="fr", version_of=original
    )
    terms_refresh_derived(campaign=campaign)
    alert_subscribe(by=coordinator, op_ed=original)
    outcome = new_article("Tribune", text="Un cessez-le-feu n'est pas encore la paix, écrivent deux journalistes.")
    assert Notification.objects.filter(user=coordinator, mention=outcome.mentions[0]).count() == 1
    with pytest.raises(ValidationError) as caught:
        alert_subscribe(by=coordinator, op_ed=original)
    assert caught.value.messages == ["You are already alerted on this op-ed."]


def test_nothing_is_announced_for_a_story_already_marked_not_relevant(team):
    campaign, coordinator, term = team
    alert_subscribe(by=coordinator, term=term)
    outcome = new_article("Un autre groupe de Minsk")
    mention_mark_relevance(mention=outcome.mentions[0], relevance="irrelevant", by=coordinator)
    new_article("Un autre groupe de Minsk, mis à jour")
    assert Notification.objects.filter(user=coordinator).count() == 1


def test_header_badge_and_alerts_page(client, team):
    campaign, coordinator, term = team
    alert_subscribe(by=coordinator, term=term)
    new_article("Premier article")
    client.force_login(coordinator)
    home = client.get(reverse("home")).content.decode()
    assert "1 unread alert" in home
    html = client.get(reverse("media_tracker:alerts")).content.decode()
    assert "New mention in" in html and "Premier article" in html
    client.post(reverse("media_tracker:alerts-read"))
    assert Notification.objects.unread().count() == 0


def test_an_article_added_by_its_address_is_fetched_matched_and_shown_with_its_mentions(
    client, team, site, fetch_settings
):
    campaign, coordinator, _term = team
    outlet = f.OutletFactory(name="Le Monde", language="fr", website=site.base_url)
    url = site.add("/tribune", page(title="Le groupe de Minsk se réunit", lang="fr"))
    client.force_login(coordinator)
    response = client.post(reverse("media_tracker:article-add"), {"url": url}, follow=True)
    html = response.content.decode()
    assert "campaign mentions found" in html and "Le groupe de Minsk se réunit" in html
    mention = Mention.objects.get(campaign=campaign)
    assert mention.article.outlet == outlet
    refused = client.post(reverse("media_tracker:article-add"), {"url": site.url("/missing")})
    assert refused.status_code == 400 and "Could not fetch the article" in refused.content.decode()
