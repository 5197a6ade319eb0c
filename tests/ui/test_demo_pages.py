"""Every page works on the demo campaign, for each demo role and language."""

import pytest
from django.urls import reverse

from campaigns.models import Campaign, User
from campaigns.reports.demo import demo_seed
from outreach.models import Briefing, Contact, Organisation, Pitch


@pytest.mark.parametrize("username", ["coordinator", "staff", "viewer"])
def test_demo_pages_render(client, db, username):
    demo_seed()
    client.force_login(User.objects.get(username=username))
    campaign = Campaign.objects.first()
    urls = [
        reverse("home"),
        reverse("campaigns:list"),
        reverse("campaigns:detail", args=[campaign.slug]),
        reverse("outreach:log"),
        reverse("outreach:contact-list"),
        reverse("outreach:organisation-list"),
        reverse("outreach:briefing-list"),
        reverse("outreach:oped-board"),
        reverse("media_tracker:media"),
        reverse("outreach:contact-export"),
    ]
    urls += [reverse("outreach:contact-detail", args=[c.pk]) for c in Contact.objects.all()[:10]]
    urls += [reverse("outreach:organisation-detail", args=[o.pk]) for o in Organisation.objects.all()[:5]]
    urls += [reverse("outreach:briefing-detail", args=[b.pk]) for b in Briefing.objects.all()]
    urls += [reverse("outreach:pitch-edit", args=[p.pk]) for p in Pitch.objects.all()]
    for language in ("en", "fr", "ar") if username == "coordinator" else ("en",):
        client.cookies["django_language"] = language
        for url in urls:
            assert client.get(url).status_code == 200, (language, url)
