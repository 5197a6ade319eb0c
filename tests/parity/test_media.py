"""Media tracker changes through the staff UI, the API and the admin leave the same rows and the same
refusals: a mention's relevance, a tracked term, an alert."""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.models import Membership
from media_tracker.models import AlertSubscription, Mention, TrackedTerm
from tests import factories as f
from tests.parity.doors import (
    admin_action,
    admin_client,
    admin_outcome,
    api_client,
    api_outcome,
    assert_same,
    each_door,
    ui_client,
    ui_outcome,
)

pytestmark = pytest.mark.django_db


def mention_world(*, placed: bool = False):
    campaign = f.CampaignFactory(slug="nk-2020")
    staff = f.UserFactory(username="aide")
    f.MembershipFactory(campaign=campaign, user=staff, role=Membership.Role.STAFF)
    article = f.ArticleFactory(title="Ceasefire holds")
    mention = f.MentionFactory(campaign=campaign, article=article)
    if placed:
        f.PlacementFactory(campaign=campaign, outlet=article.outlet, article=article)
    return {"campaign": campaign, "staff": staff, "mention": mention}


def mark(relevance: str):
    def ui(data):
        url = reverse("media_tracker:mention-relevance", args=[data["mention"].pk])
        return ui_outcome(ui_client(data["staff"]).post(url, {"relevance": relevance}, follow=True))

    def api(data):
        url = f"/api/v1/mentions/{data['mention'].pk}/mark-relevance/"
        return api_outcome(api_client(data["staff"]).post(url, {"relevance": relevance}))

    def admin(data):
        return admin_action(admin_client(data["staff"]), Mention, f"mark_{relevance}", [data["mention"]])

    return {"ui": ui, "api": api, "admin": admin}


def test_marking_a_mention_not_relevant_leaves_the_same_rows_whatever_the_door():
    results = each_door(mention_world, mark("irrelevant"))
    assert_same(results)
    outcome, _before, after = results["api"]
    assert outcome.ok and "'relevance', 'irrelevant'" in after["media_tracker.mention"][0]


def test_a_placement_marked_not_relevant_is_refused_by_every_door_with_the_same_reason():
    results = each_door(lambda: mention_world(placed=True), mark("irrelevant"))
    assert_same(results)
    assert results["admin"][0].refused == (
        "This article is one of the campaign's placements, so it cannot be marked not relevant."
    )


def term_world():
    campaign = f.CampaignFactory(slug="nk-2020")
    staff = f.UserFactory(username="aide")
    f.MembershipFactory(campaign=campaign, user=staff, role=Membership.Role.STAFF)
    return {"campaign": campaign, "staff": staff}


def add_term(term: str):
    fields = {"term": term, "kind": "keyword", "language": "en", "is_active": "on"}

    def ui(data):
        post = {**fields, "campaign": data["campaign"].pk, "forms": "fr: Groupe de Minsk\nru: Минская группа"}
        return ui_outcome(ui_client(data["staff"]).post(reverse("media_tracker:terms"), post, follow=True))

    def api(data):
        body = {
            "campaign": data["campaign"].pk,
            "term": term,
            "kind": "keyword",
            "language": "en",
            "forms": [{"language": "fr", "text": "Groupe de Minsk"}, {"language": "ru", "text": "Минская группа"}],
        }
        return api_outcome(api_client(data["staff"]).post("/api/v1/tracked-terms/", body))

    def admin(data):
        post = {
            **fields,
            "campaign": data["campaign"].pk,
            "forms": '[{"language": "fr", "text": "Groupe de Minsk"}, {"language": "ru", "text": "Минская группа"}]',
            "exclusions": "[]",
        }
        response = admin_client(data["staff"]).post("/admin/media_tracker/trackedterm/add/", post, follow=True)
        return admin_outcome(response)

    return {"ui": ui, "api": api, "admin": admin}


def test_a_term_with_its_forms_is_added_the_same_way_by_every_door():
    results = each_door(term_world, add_term("Minsk Group"))
    assert_same(results)
    outcome, _before, after = results["ui"]
    assert outcome.ok and len(after["media_tracker.trackedterm"]) == 1
    assert "Минская группа" in after["media_tracker.trackedterm"][0]


def test_a_one_letter_term_is_refused_by_every_door_with_the_same_reason():
    results = each_door(term_world, add_term("A"))
    assert_same(results)
    assert results["api"][0].refused == "“A” is a single letter or digit; a term needs at least two."


def alert_world(*, subscribed: bool = False):
    data = term_world()
    data["term"] = TrackedTerm.objects.create(campaign=data["campaign"], term="Minsk Group", language="en")
    if subscribed:
        AlertSubscription.objects.create(user=data["staff"], campaign=data["campaign"], term=data["term"])
    return data


def subscribe():
    def ui(data):
        post = {"term": data["term"].pk}
        return ui_outcome(ui_client(data["staff"]).post(reverse("media_tracker:alert-subscribe"), post, follow=True))

    def api(data):
        return api_outcome(api_client(data["staff"]).post("/api/v1/alert-subscriptions/", {"term": data["term"].pk}))

    # The admin lists and removes alerts; each person chooses their own (no admin door to add one).
    return {"ui": ui, "api": api}


def test_an_alert_on_a_term_is_the_same_from_the_ui_and_the_api():
    results = each_door(alert_world, subscribe())
    assert_same(results)
    assert results["api"][0].ok and len(results["api"][2]["media_tracker.alertsubscription"]) == 1


def test_a_second_alert_on_the_same_term_is_refused_the_same_way():
    results = each_door(lambda: alert_world(subscribed=True), subscribe())
    assert_same(results)
    assert results["ui"][0].refused == "You are already alerted on this term."


def test_removing_an_alert_leaves_the_same_rows_whatever_the_door():
    def subscription(data):
        return AlertSubscription.objects.get(user=data["staff"])

    def ui(data):
        url = reverse("media_tracker:alert-unsubscribe", args=[subscription(data).pk])
        return ui_outcome(ui_client(data["staff"]).post(url, follow=True))

    def api(data):
        return api_outcome(api_client(data["staff"]).delete(f"/api/v1/alert-subscriptions/{subscription(data).pk}/"))

    def admin(data):
        url = f"/admin/media_tracker/alertsubscription/{subscription(data).pk}/delete/"
        return admin_outcome(admin_client(data["staff"]).post(url, {"post": "yes"}, follow=True))

    results = each_door(lambda: alert_world(subscribed=True), {"ui": ui, "api": api, "admin": admin})
    assert_same(results)
    assert results["admin"][0].ok and results["admin"][2]["media_tracker.alertsubscription"] == []
