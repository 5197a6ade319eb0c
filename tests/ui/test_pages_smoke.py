"""Every page renders for a member, in each interface language."""

import pytest
from django.urls import reverse

PAGES = [
    ("home", {}),
    ("campaigns:list", {}),
    ("outreach:log", {}),
    ("outreach:contact-list", {}),
    ("outreach:contact-new", {}),
    ("outreach:contact-import", {}),
    ("outreach:organisation-list", {}),
    ("outreach:organisation-new", {}),
    ("outreach:briefing-list", {}),
    ("outreach:briefing-new", {}),
    ("outreach:oped-board", {}),
    ("outreach:oped-new", {}),
    ("media_tracker:media", {}),
]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_page_renders_for_a_coordinator(client, world, language):
    client.force_login(world.coordinator)
    client.cookies["django_language"] = language
    urls = [reverse(name, kwargs=kwargs) for name, kwargs in PAGES] + [
        reverse("campaigns:detail", args=[world.campaign.slug]),
        reverse("outreach:contact-detail", args=[world.contact.pk]),
        reverse("outreach:contact-edit", args=[world.contact.pk]),
        reverse("outreach:organisation-detail", args=[world.organisation.pk]),
        reverse("outreach:briefing-detail", args=[world.briefing.pk]),
        reverse("outreach:pitch-edit", args=[world.pitch.pk]),
        reverse("outreach:pitch-new", args=[world.op_ed.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'lang="{language}"' in html, url
        assert ('dir="rtl"' in html) == (language == "ar"), url


def test_nav_marks_the_current_section(client, world):
    client.force_login(world.viewer)
    html = client.get(reverse("outreach:contact-list")).content.decode()
    assert f'href="{reverse("outreach:contact-list")}" aria-current="page"' in html
    assert html.count('aria-current="page"') == 1
