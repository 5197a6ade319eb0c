"""A viewer is shown no control that would be refused; a refusal or a missing page is a page of
the product (menu, reason, a way back) in the reader's language; the API keeps its JSON errors."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from outreach.models import Interaction
from tests.factories import ObjectiveFactory

# Forms every signed-in page carries, and a person's own alerts: anyone may use them.
OPEN_TO_ALL = {"/accounts/logout/", "/i18n/setlang/", "/media/alerts/subscribe", "/media/alerts/read"}
# Pages a crawl must not follow: downloads, the API, the admin, signing out.
NOT_PAGES = re.compile(r"^/(api/|admin/|accounts/logout|static/|favicon)|\.csv$|\.(pdf|docx|ics)(\?|$)")


class Controls(HTMLParser):
    """Links and the forms that change something (method post) of one page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.posts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.posts.append(attrs.get("action") or "")
        for name in ("hx-post", "hx-put", "hx-delete", "hx-patch"):
            if attrs.get(name):
                self.posts.append(attrs[name])


def crawl(client, start: str = "/", limit: int = 60):
    """Follow the pages' own links from ``start``: (pages seen, their controls) by path."""
    seen, queue, found = set(), [start], {}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            found[path] = (response.status_code, [])
            continue
        parser = Controls()
        parser.feed(response.content.decode())
        found[path] = (200, parser.posts)
        for href in parser.links:
            target = urlsplit(urljoin(path, href))
            if target.netloc or target.scheme not in ("", "http"):
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if not NOT_PAGES.search(link) and link not in seen:
                queue.append(link)
    return found


def test_a_viewer_walking_the_campaign_sees_no_control_that_would_be_refused(client, world):
    ObjectiveFactory(campaign=world.campaign, title="Humanitarian access")
    client.force_login(world.viewer)
    pages = crawl(client)
    assert len(pages) > 15, sorted(pages)
    refused = {path: status for path, (status, _posts) in pages.items() if status in (403, 404)}
    assert refused == {}, "a link the viewer was shown is refused"
    controls = {
        path: sorted({urlsplit(action).path for action in posts} - OPEN_TO_ALL)
        for path, (_status, posts) in pages.items()
    }
    assert {path: actions for path, actions in controls.items() if actions} == {}
    html = client.get(reverse("home")).content.decode()
    assert reverse("outreach:log") not in html


def test_staff_still_see_the_controls_they_can_use(client, world):
    client.force_login(world.staff)
    html = client.get(reverse("home")).content.decode()
    assert reverse("outreach:log") in html
    assert reverse("outreach:interaction-done", args=[world.interaction.pk]) in html


HEADINGS = {
    "en": ("You cannot do this here", "This page is not here", "Go to my follow-ups"),
    "fr": ("Vous ne pouvez pas faire cela ici", "Cette page n’est pas ici", "Aller à mes suivis"),
    "ar": ("لا يمكنك القيام بذلك هنا", "هذه الصفحة غير موجودة هنا", "الذهاب إلى متابعاتي"),
}


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_an_edit_address_refused_to_a_viewer_is_a_page_of_the_product(client, world, language):
    client.force_login(world.viewer)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    edit = reverse("outreach:oped-edit", args=[world.op_ed.pk])
    response = client.get(edit, HTTP_REFERER="http://testserver" + reverse("outreach:oped-board"))
    assert response.status_code == 403
    html = response.content.decode()
    refused, _missing, home = HEADINGS[language]
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html
    assert refused in html and home in html
    assert 'class="topnav"' in html  # the menu, as on every page
    assert f'href="http://testserver{reverse("outreach:oped-board")}"' in html  # back where they came from
    assert "403 Forbidden" not in html


def test_the_refusal_says_why(client, world):
    client.force_login(world.viewer)
    html = client.get(reverse("outreach:oped-edit", args=[world.op_ed.pk])).content.decode()
    assert "Your role in this campaign is read-only." in html


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_missing_page_is_a_page_of_the_product(client, world, language):
    client.force_login(world.outsider)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    for path in (reverse("outreach:pitch-edit", args=[world.pitch.pk]), "/outreach/no-such-page/"):
        response = client.get(path)
        assert response.status_code == 404
        html = response.content.decode()
        _refused, missing, home = HEADINGS[language]
        assert missing in html and home in html and 'class="topnav"' in html
        assert "matches the given query" not in html  # never the exception's text


def test_a_missing_page_signed_out_offers_the_sign_in(client, world):
    response = client.get("/no-such-page/")  # an address nobody has: no sign-in asked first
    assert response.status_code == 404
    html = response.content.decode()
    assert "This page is not here" in html and f'href="{reverse("login")}"' in html
    assert 'class="topnav"' not in html  # no menu for someone signed out


def test_a_link_back_is_offered_only_to_our_own_pages(client, world):
    client.force_login(world.viewer)
    edit = reverse("outreach:oped-edit", args=[world.op_ed.pk])
    html = client.get(edit, HTTP_REFERER="https://evil.example.com/phish").content.decode()
    assert "evil.example.com" not in html


def test_the_api_keeps_its_json_errors(client, world):
    client.force_login(world.viewer)
    missing = client.get("/api/v1/no-such-resource/")
    assert missing.status_code == 404 and missing["Content-Type"].startswith("application/json")
    assert set(missing.json()) == {"detail", "errors"}
    refused = client.post(
        "/api/v1/interactions/",
        {"campaign": world.campaign.pk, "contact": world.contact.pk, "summary": "Sneaky"},
        content_type="application/json",
    )
    assert refused.status_code == 403 and set(refused.json()) == {"detail", "errors"}
    assert not Interaction.objects.filter(summary="Sneaky").exists()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_form_sent_without_its_token_is_refused_by_a_page_that_says_nothing_was_saved(world, language):
    from django.test import Client

    # The browser of someone whose tab outlived their session: Django's token check is on.
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff)
    client.cookies["django_language"] = language
    summary = f"Call sent from a stale tab ({language})"
    response = client.post(reverse("outreach:log"), {"contact": world.contact.pk, "summary": summary})
    assert response.status_code == 403
    html = response.content.decode()
    expected = {"en": "This form has expired", "fr": "Ce formulaire a expiré", "ar": "انتهت صلاحية هذا النموذج"}
    assert expected[language] in html and 'class="topnav"' in html
    assert "CSRF verification failed" not in html and "403 Forbidden" not in html
    assert not Interaction.objects.filter(summary=summary).exists()
