"""A strict Content-Security-Policy and the other security headers on every page, and no page of
the product that would need the policy loosened (inline script, inline event handlers, inline style)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.ui.conftest import world  # noqa: F401 (the fixture)
from tests.ui.test_pages_smoke import PAGES

pytestmark = pytest.mark.django_db

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+=", re.I), "inline event handler"),
    (re.compile(r"<style[\s>]", re.I), "<style> element"),
    (re.compile(r"href=\"\s*javascript:", re.I), "javascript: link"),
]


def pages(world):  # noqa: F811
    return [reverse(name, kwargs=kwargs) for name, kwargs in PAGES] + [
        reverse("campaigns:detail", args=[world.campaign.slug]),
        reverse("campaigns:dashboard", args=[world.campaign.slug]),
        reverse("campaigns:quarterly", args=[world.campaign.slug]),
        reverse("outreach:contact-detail", args=[world.contact.pk]),
        reverse("outreach:organisation-detail", args=[world.organisation.pk]),
        reverse("outreach:briefing-detail", args=[world.briefing.pk]),
        reverse("outreach:pitch-edit", args=[world.pitch.pk]),
        "/api/docs/",
    ]


def test_every_page_sends_a_strict_policy_and_the_other_headers(client, world):  # noqa: F811
    client.force_login(world.coordinator)
    signed_out = Client()
    for url in pages(world) + [reverse("login")]:
        response = (signed_out if url == reverse("login") else client).get(url)
        assert response.status_code == 200, url
        policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
        assert policy["default-src"] == policy["script-src"] == policy["style-src"] == "'self'", url
        # The one loosening: style attributes (chart bars); no inline <style> and no inline script.
        assert policy["style-src-attr"] == "'unsafe-inline'"
        assert "'unsafe-eval'" not in str(policy) and str(policy).count("unsafe") == 1
        assert policy["frame-ancestors"] == policy["object-src"] == policy["base-uri"] == "'none'"
        assert "camera=()" in response["Permissions-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_no_page_needs_inline_script_or_style(client, world):  # noqa: F811
    client.force_login(world.coordinator)
    for url in pages(world):
        html = client.get(url).content.decode()
        for pattern, what in INLINE:
            match = pattern.search(html)
            assert match is None, f"{url}: {what}: {html[max(match.start() - 80, 0) : match.end() + 80]}"
