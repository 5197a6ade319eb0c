"""A non-member never sees a campaign's objects (lists, search, exports, URLs); a viewer only reads."""

import pytest
from django.urls import reverse

SECRET = "Secret"


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "campaigns:list",
        "outreach:contact-list",
        "outreach:organisation-list",
        "outreach:briefing-list",
        "outreach:oped-board",
        "media_tracker:media",
    ],
)
def test_lists_hide_other_campaigns(client, world, name):
    client.force_login(world.staff)
    html = client.get(reverse(name)).content.decode()
    assert SECRET not in html


def test_object_urls_of_another_campaign_are_404(client, world):
    client.force_login(world.staff)
    urls = [
        reverse("campaigns:detail", args=[world.other.slug]),
        reverse("outreach:briefing-detail", args=[world.other_briefing.pk]),
        reverse("outreach:briefing-export", args=[world.other_briefing.pk]),
        reverse("outreach:pitch-edit", args=[world.other_pitch.pk]),
        reverse("outreach:pitch-new", args=[world.other_op_ed.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    posts = [
        reverse("campaigns:status", args=[world.other.slug]),
        reverse("outreach:interaction-done", args=[world.other_interaction.pk]),
        reverse("outreach:interaction-snooze", args=[world.other_interaction.pk]),
        reverse("outreach:pitch-answer", args=[world.other_pitch.pk]),
        reverse("outreach:briefing-invite", args=[world.other_briefing.pk]),
    ]
    for url in posts:
        assert client.post(url, {}).status_code == 404, url


def test_contact_pages_and_exports_show_no_other_campaign_data(client, world):
    client.force_login(world.staff)
    for url in (
        reverse("outreach:contact-detail", args=[world.contact.pk]),
        reverse("outreach:organisation-detail", args=[world.organisation.pk]),
        reverse("outreach:contact-export"),
        reverse("outreach:organisation-export"),
    ):
        body = client.get(url).content.decode("utf-8-sig")
        assert "Hidden talk" not in body and "Secret" not in body, url


def test_campaign_choices_offer_only_my_campaigns(client, world):
    client.force_login(world.staff)
    for name in ("outreach:log", "outreach:briefing-new", "outreach:oped-new"):
        html = client.get(reverse(name)).content.decode()
        assert "Karabakh ceasefire" in html and SECRET not in html, name


def test_viewer_sees_no_edit_controls(client, world):
    client.force_login(world.viewer)
    html = client.get(reverse("campaigns:detail", args=[world.campaign.slug])).content.decode()
    assert "Change status" not in html
    assert "New contact" not in client.get(reverse("outreach:contact-list")).content.decode()
    assert "New briefing" not in client.get(reverse("outreach:briefing-list")).content.decode()
    assert "New op-ed" not in client.get(reverse("outreach:oped-board")).content.decode()
    assert (
        "Log outreach"
        not in client.get(reverse("outreach:contact-detail", args=[world.contact.pk]))
        .content.decode()
        .split("<main")[1]
    )


def test_anonymous_is_sent_to_sign_in(client, world):
    for name in ("home", "campaigns:list", "outreach:contact-list", "outreach:contact-export", "media_tracker:media"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name


def test_language_switch_works_on_the_sign_in_page(client, db):
    response = client.post(reverse("set_language"), {"language": "ar", "next": reverse("login")})
    assert response.status_code == 302 and response.url == reverse("login")
    html = client.get(reverse("login")).content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
