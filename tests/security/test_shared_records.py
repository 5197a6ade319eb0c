"""Shared directory records (contacts, organisations, outlets, articles) are archived by staff, never
hard-deleted: only an administrator or a coordinator of every campaign that refers to one deletes it,
and no foreign key cascades from a shared record into a campaign's rows.

The finding: ``DELETE /api/v1/articles/{id}/`` by a staff member of campaign A removed campaign B's
mention (Mention -> Article cascaded), and contacts and outlets went the same way.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from campaigns.models import Membership
from media_tracker.models import Article, Mention, Outlet, Placement
from media_tracker.services.directory import ARTICLE_REFERENCES, OUTLET_REFERENCES
from outreach.models import Contact, Organisation
from outreach.services.directory import CONTACT_REFERENCES, ORGANISATION_REFERENCES
from tests import factories as f
from tests.parity.doors import api_client, ui_client

# The NGO's shared directory; everything else belongs to a campaign (or records how things happened).
SHARED = {
    "outreach.organisation",
    "outreach.contact",
    "outreach.tag",
    "outreach.contact_tags",
    "media_tracker.outlet",
    "media_tracker.feed",
    "media_tracker.article",
    "media_tracker.story",
    # A contact's own consent record: it goes with the person (a merge moves it to the kept record).
    "outreach.emailpreferencechange",
}
# Django always cascades the rows of an auto-created many-to-many table; these links from a
# campaign's rows to a shared record are checked by its delete service instead (refused while any exist).
GUARDED_LINKS = {
    "outreach.oped_authors": ("outreach.contact", "op_eds", CONTACT_REFERENCES),
    "outreach.briefing_speakers": ("outreach.contact", "briefings_spoken", CONTACT_REFERENCES),
    "media_tracker.placement_spokespeople": ("outreach.contact", "placements", CONTACT_REFERENCES),
    "campaigns.objective_target_contacts": ("outreach.contact", "targeted_by_asks", CONTACT_REFERENCES),
}
REFERENCES = {
    "outreach.contact": CONTACT_REFERENCES,
    "outreach.organisation": ORGANISATION_REFERENCES,
    "media_tracker.outlet": OUTLET_REFERENCES,
    "media_tracker.article": ARTICLE_REFERENCES,
}


def _cascades_from(label: str) -> list[tuple[str, str]]:
    """(model, field) of every foreign key to ``label`` that deletes its row with the target."""
    target = apps.get_model(label)
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            cascades = field.is_relation and field.remote_field.on_delete is models.CASCADE
            if cascades and (field.many_to_one or field.one_to_one) and field.related_model is target:
                found.append((model._meta.label_lower, field.name))
    return found


def test_no_foreign_key_cascades_from_a_shared_record_into_a_campaigns_rows():
    """Walk the model graph: from each shared record, follow every CASCADE; only shared rows (and the
    guarded many-to-many links) may be reached."""
    reached: dict[str, str] = {}
    todo = sorted(SHARED)
    while todo:
        label = todo.pop()
        for model, field in _cascades_from(label):
            if model in SHARED or model in reached:
                continue
            reached[model] = f"{model}.{field} -> {label}"
            todo.append(model)
    unguarded = {model: path for model, path in reached.items() if model not in GUARDED_LINKS}
    assert unguarded == {}
    for link, (target, accessor, references) in GUARDED_LINKS.items():
        assert link in reached and accessor in references, (link, target)


@pytest.mark.parametrize("label", sorted(REFERENCES))
def test_every_reference_to_a_shared_record_is_protect_set_null_or_checked_by_its_delete_service(label):
    target = apps.get_model(label)
    for relation in target._meta.related_objects:
        accessor = relation.get_accessor_name()
        on_delete = getattr(relation, "on_delete", None)
        if relation.related_model._meta.label_lower in SHARED and on_delete is models.CASCADE:
            continue
        assert on_delete in (models.PROTECT, models.SET_NULL) or accessor in REFERENCES[label], (label, accessor)


@pytest.fixture
def two_campaigns(db):
    a, b = f.CampaignFactory(slug="a"), f.CampaignFactory(slug="b")
    users = {}
    for name, campaign, role in [
        ("staff_a", a, Membership.Role.STAFF),
        ("coordinator_a", a, Membership.Role.COORDINATOR),
        ("coordinator_both", a, Membership.Role.COORDINATOR),
    ]:
        users[name] = f.UserFactory(username=name)
        f.MembershipFactory(user=users[name], campaign=campaign, role=role)
    f.MembershipFactory(user=users["coordinator_both"], campaign=b, role=Membership.Role.COORDINATOR)
    article = f.ArticleFactory(title="Ceasefire holds")
    mention_a = f.MentionFactory(article=article, campaign=a)
    mention_b = f.MentionFactory(article=article, campaign=b)
    return {"a": a, "b": b, "article": article, "mention_a": mention_a, "mention_b": mention_b, **users}


def test_staff_of_one_campaign_cannot_delete_an_article_another_campaign_was_mentioned_in(two_campaigns):
    data = two_campaigns
    response = api_client(data["staff_a"]).delete(f"/api/v1/articles/{data['article'].pk}/")
    assert response.status_code == 403 and "archive it instead" in response.json()["detail"]
    assert Mention.objects.filter(pk=data["mention_b"].pk).exists()
    # A coordinator of campaign A alone may not either: campaign B refers to it.
    response = api_client(data["coordinator_a"]).delete(f"/api/v1/articles/{data['article'].pk}/")
    assert response.status_code == 403
    assert Mention.objects.count() == 2


def test_a_coordinator_of_every_campaign_that_refers_to_it_deletes_it_with_its_mentions(two_campaigns):
    data = two_campaigns
    placement = f.PlacementFactory(campaign=data["a"], article=data["article"])
    response = api_client(data["coordinator_both"]).delete(f"/api/v1/articles/{data['article'].pk}/")
    assert response.status_code == 204
    assert not Article.objects.exists() and not Mention.objects.exists()
    placement.refresh_from_db()
    assert placement.article is None  # the placement stays, without its link to the article


def test_staff_archive_an_article_instead_and_every_campaign_keeps_its_mention(two_campaigns):
    data = two_campaigns
    client = api_client(data["staff_a"])
    response = client.post(f"/api/v1/articles/{data['article'].pk}/archive/")
    assert response.status_code == 200 and response.json()["archived_at"]
    assert client.get("/api/v1/articles/").json()["results"] == []
    assert [row["id"] for row in client.get("/api/v1/articles/?archived=true").json()["results"]] == [
        data["article"].pk
    ]
    assert Mention.objects.count() == 2
    mentions = client.get(f"/api/v1/mentions/?campaign={data['a'].pk}").json()["results"]
    assert [m["article"]["id"] for m in mentions] == [data["article"].pk]


@pytest.mark.parametrize("kind", ["contacts", "organisations", "outlets"])
def test_staff_cannot_hard_delete_a_shared_record_through_the_api(two_campaigns, kind):
    data = two_campaigns
    record = {"contacts": f.ContactFactory, "organisations": f.OrganisationFactory, "outlets": f.OutletFactory}[kind]()
    response = api_client(data["staff_a"]).delete(f"/api/v1/{kind}/{record.pk}/")
    assert response.status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()


def test_staff_cannot_hard_delete_a_contact_from_its_page(two_campaigns):
    data = two_campaigns
    contact = f.ContactFactory(full_name="Catholicos Karekin II")
    response = ui_client(data["staff_a"]).post(f"/outreach/contacts/{contact.pk}/delete/", follow=True)
    assert "archive it instead" in response.content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_an_outlet_with_articles_pitches_or_placements_is_archived_never_deleted(two_campaigns):
    data = two_campaigns
    outlet = data["article"].outlet
    f.PitchFactory(outlet=outlet, op_ed=f.OpEdFactory(campaign=data["b"]))
    response = api_client(data["coordinator_both"]).delete(f"/api/v1/outlets/{outlet.pk}/")
    assert response.status_code == 409 and "archive it instead" in response.json()["detail"]
    assert Outlet.objects.filter(pk=outlet.pk).exists() and Article.objects.exists()
    assert api_client(data["staff_a"]).post(f"/api/v1/outlets/{outlet.pk}/archive/").status_code == 200


def test_an_archived_contact_is_hidden_from_lists_and_pickers_and_kept_for_its_campaign(two_campaigns, client):
    data = two_campaigns
    contact = f.ContactFactory(full_name="Thomas de Waal", email="tdw@carnegie.example.org")
    interaction = f.InteractionFactory(campaign=data["a"], contact=contact, summary="Briefing call")
    staff = ui_client(data["staff_a"])
    staff.post(f"/outreach/contacts/{contact.pk}/archive/", follow=True)
    contact.refresh_from_db()
    assert contact.archived_at is not None
    assert "Thomas de Waal" not in staff.get("/outreach/contacts/").content.decode()
    assert "Thomas de Waal" not in staff.get("/outreach/search/?kind=contact&q=Waal").content.decode()
    assert api_client(data["staff_a"]).get("/api/v1/contacts/?search=Waal").json()["results"] == []
    # The campaign keeps it: its outreach, its page and the record by id.
    assert "Thomas de Waal" in staff.get(f"/campaigns/{data['a'].slug}/").content.decode()
    assert api_client(data["staff_a"]).get(f"/api/v1/contacts/{contact.pk}/").status_code == 200
    assert Contact.objects.get(pk=contact.pk).interactions.get() == interaction
    staff.post(f"/outreach/contacts/{contact.pk}/unarchive/", follow=True)
    assert "Thomas de Waal" in staff.get("/outreach/contacts/").content.decode()


def test_an_organisation_with_a_protected_link_is_not_deleted_by_a_cascade(two_campaigns):
    data = two_campaigns
    organisation = f.OrganisationFactory()
    contact = f.ContactFactory(organisation=organisation)
    f.PlacementFactory(campaign=data["b"]).spokespeople.add(contact)
    response = api_client(data["coordinator_a"]).delete(f"/api/v1/contacts/{contact.pk}/")
    assert response.status_code == 403  # campaign B refers to them through its placement
    assert Placement.objects.get().spokespeople.get() == contact
    assert Organisation.objects.filter(pk=organisation.pk).exists()
