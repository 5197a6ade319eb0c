"""New press mentions of the user's campaigns appear in the morning digest."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from campaigns.reports.digests import digest_build, digest_send
from outreach.models import OutgoingEmail
from tests import factories as f

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MORNING = dt.datetime(2020, 11, 11, 8, 0, tzinfo=PARIS)


def mention(campaign, *, found_at, title):
    article = f.ArticleFactory(title=title, published_at=found_at)
    item = f.MentionFactory(campaign=campaign, article=article, found_at=found_at)
    item.terms.add(f.TrackedTermFactory(campaign=campaign, term=f"Minsk Group {item.pk}"))
    return item


def test_digest_lists_the_last_days_mentions_of_my_campaigns_only():
    user = f.UserFactory(email="nareh@parley.example.org", time_zone="Europe/Paris", language="fr")
    mine, other = f.CampaignFactory(), f.CampaignFactory()
    f.MembershipFactory(user=user, campaign=mine, role="viewer")
    mention(mine, found_at=MORNING - dt.timedelta(hours=3), title="Ceasefire holds in Stepanakert")
    mention(mine, found_at=MORNING - dt.timedelta(days=2), title="Old news")
    mention(other, found_at=MORNING - dt.timedelta(hours=1), title="Someone else's pickup")
    digest = digest_build(user=user, now=MORNING)
    assert [item.title for item in digest.mentions] == ["Ceasefire holds in Stepanakert"]
    assert digest.mentions_total == 1 and digest.mentions[0].terms.startswith("Minsk Group")
    assert not digest.mine and not digest.empty


def test_a_digest_with_only_new_mentions_is_sent_in_the_users_language():
    user = f.UserFactory(email="nareh@parley.example.org", time_zone="Europe/Paris", language="fr")
    campaign = f.CampaignFactory()
    f.MembershipFactory(user=user, campaign=campaign, role="staff")
    mention(campaign, found_at=MORNING - dt.timedelta(hours=2), title="Le cessez-le-feu tient")
    assert digest_send(user=user, now=MORNING) == "queued"
    email = OutgoingEmail.objects.get(kind="digest")
    assert "Nouveau dans la presse (dernières 24 heures) :" in email.body_text
    assert "Le cessez-le-feu tient" in email.body_html
    assert digest_send(user=user, now=MORNING + dt.timedelta(minutes=15)) == "done"


def test_no_mentions_and_nothing_due_still_means_no_email():
    user = f.UserFactory(email="nareh@parley.example.org", time_zone="Europe/Paris")
    f.MembershipFactory(user=user, campaign=f.CampaignFactory(), role="staff")
    assert digest_send(user=user, now=MORNING) == "nothing due"
    assert OutgoingEmail.objects.count() == 0
