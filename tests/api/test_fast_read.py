"""The API reads its lists and objects faster than DRF does by itself (fields built from remembered
recipes, plain columns read directly, small per-request queries compiled once: campaigns/api/reading.py
and config/compiled.py). Every answer must be exactly DRF's own: each list and each object of every
resource, read both ways from the same data, must be the same JSON."""

from __future__ import annotations

import pytest
from django.utils import translation
from django_countries.serializer_fields import CountryField as CountrySerializerField
from rest_framework import serializers
from rest_framework.test import APIClient

from campaigns.api import reading
from campaigns.api.base import RequestDateTimeField
from campaigns.models import Membership
from campaigns.permissions import campaign_ids_for
from config import compiled
from tests import factories
from tests.api.conftest import client_for
from tests.api.resources import CAMPAIGN_RESOURCES, DIRECTORY_RESOURCES

pytestmark = pytest.mark.django_db

RESOURCES = CAMPAIGN_RESOURCES + DIRECTORY_RESOURCES


def drf_own_way(monkeypatch) -> None:
    """Serializers and queries as DRF and Django do them by themselves."""

    def get_fields(self):
        return super(reading.FastReadMixin, self).get_fields()

    def to_representation(self, instance):
        return serializers.Serializer.to_representation(self, instance)

    monkeypatch.setattr(reading.FastReadMixin, "get_fields", get_fields)
    monkeypatch.setattr(reading.FastReadMixin, "to_representation", to_representation)
    monkeypatch.setattr(RequestDateTimeField, "to_representation", serializers.DateTimeField.to_representation)
    monkeypatch.setattr(compiled, "rows", lambda key, values, queryset_of: list(queryset_of()))


def answers(client, resource, objects) -> list:
    listed = client.get(f"/api/v1/{resource.name}/?page_size=200")
    assert listed.status_code == 200, listed.content
    each = [client.get(f"/api/v1/{resource.name}/{resource.lookup(obj)}/") for obj in objects]
    assert all(response.status_code == 200 for response in each)
    # Twice: the second read uses what the first one remembered (recipes, compiled queries).
    again = client.get(f"/api/v1/{resource.name}/?page_size=200")
    assert again.json() == listed.json()
    return [listed.json(), *(response.json() for response in each)]


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_every_list_and_object_reads_as_drf_reads_it(world, resource, monkeypatch):
    objects = [resource.make(world.campaign) for _ in range(3)]
    client = client_for(world.coordinator)
    fast = answers(client, resource, objects)
    drf_own_way(monkeypatch)
    assert fast == answers(client, resource, objects)
    rows = fast[0]["results"]
    assert len(rows) >= len(objects) or resource.name == "campaigns"


@pytest.mark.parametrize("zone", ["Asia/Yerevan", "America/Montreal", "UTC"])
def test_dates_and_times_read_in_the_callers_zone_as_drf_reads_them(world, zone, monkeypatch):
    world.coordinator.time_zone = zone
    world.coordinator.save(update_fields=["time_zone"])
    for resource in RESOURCES:
        resource.make(world.campaign)
    client = APIClient()
    client.force_login(world.coordinator)  # signed in: the API answers in the person's time zone
    fast = [client.get(f"/api/v1/{resource.name}/?page_size=200").json() for resource in RESOURCES]
    drf_own_way(monkeypatch)
    assert fast == [client.get(f"/api/v1/{resource.name}/?page_size=200").json() for resource in RESOURCES]
    mentions = fast[[resource.name for resource in RESOURCES].index("mentions")]["results"]
    shown = mentions[0]["found_at"]
    assert shown.endswith("Z") if zone == "UTC" else shown[-6:] in ("+04:00", "-05:00", "-04:00")


def test_fields_copied_from_a_template_are_each_their_own():
    """A field built once as a template and then copied: each copy binds to its own serializer and
    has its own containers, as a field built afresh has."""
    recipe = reading.Recipe.of(serializers.CharField(max_length=20, required=False))
    assert recipe.template is not None
    first, second = recipe.build(), recipe.build()
    assert type(first) is serializers.CharField and first is not second
    first.bind("title", serializers.Serializer())
    assert (second.field_name, second.parent) == (None, None)
    assert first.validators is not second.validators and first.error_messages is not second.error_messages
    assert second.run_validation("short") == "short"
    with pytest.raises(serializers.ValidationError):
        second.run_validation("x" * 21)
    # Built afresh each time: a field among the arguments, a default handed out, a serializer.
    assert reading.Recipe.of(serializers.ListField(child=serializers.CharField())).template is None
    assert reading.Recipe.of(serializers.CharField(default="")).template is None


def test_contacts_at_risk_empty_values_and_tags_read_as_drf_reads_them(world, monkeypatch):
    organisation = factories.OrganisationFactory(is_protected=True, country="")
    factories.ContactFactory(organisation=organisation, email="a@example.org", country="AM")
    factories.ContactFactory(is_protected=True, pseudonym="Witness 7", notes="Met in Goris")
    tagged = factories.ContactFactory(organisation=None, country="", languages=[], name_variants=["Arman"])
    tagged.tags.set([factories.TagFactory(slug="diplomat"), factories.TagFactory(slug="press")])
    client = client_for(world.coordinator)
    fast = client.get("/api/v1/contacts/?page_size=200").json()
    drf_own_way(monkeypatch)
    assert fast == client.get("/api/v1/contacts/?page_size=200").json()
    by_name = {row["full_name"]: row for row in fast["results"]}
    assert by_name["Witness 7"]["notes"] == ""  # at risk: not through the API
    assert by_name[tagged.full_name]["tags"] == ["diplomat", "press"]


def test_the_campaigns_of_each_caller_are_their_own_once_compiled(world):
    """The membership query is compiled once and then run for every caller with their own id."""
    compiled._compiled.clear()
    assert campaign_ids_for(user=world.coordinator) == {world.campaign.pk}
    assert campaign_ids_for(user=world.other_staff) == {world.other.pk}
    assert campaign_ids_for(user=world.outsider) == set()
    assert campaign_ids_for(user=world.viewer, at_least="staff") == set()
    assert campaign_ids_for(user=world.staff, at_least="staff") == {world.campaign.pk}
    kept = [sql for key, sql in compiled._compiled.items() if key[0] == "campaign_ids_for"]
    assert kept and all(kept), "the membership query fell back to the ORM on every request"


def test_a_page_of_tags_is_read_with_the_compiled_query(world):
    compiled._compiled.clear()
    for _ in range(3):
        factories.ContactFactory().tags.set([factories.TagFactory()])
    assert client_for(world.coordinator).get("/api/v1/contacts/").status_code == 200
    kept = [sql for key, sql in compiled._compiled.items() if key[0] == "attach_listed"]
    assert kept and all(kept), "the tags query fell back to the ORM"


def test_a_query_whose_parameters_are_not_the_values_given_runs_as_django_runs_it(world):
    compiled._compiled.clear()
    memberships = Membership.objects.filter(user_id=world.staff.pk).values_list("campaign_id")
    # Told the wrong parameters: not kept, answered by the ORM all the same, then and later.
    for _ in range(2):
        assert compiled.rows(("test",), [12345], lambda: memberships) == [(world.campaign.pk,)]
    assert compiled._compiled[("test",)] is None


def test_country_choices_are_shared_within_a_language_only(world):
    """The country field's choices are worked out once per language: in French they are French, in
    English English, each as django-countries' own field builds them, and a code outside them is
    refused as before."""
    recipe = reading.Recipe.of(CountrySerializerField())
    built = {}
    for language in ("fr", "en", "fr"):
        with translation.override(language):
            field, own = recipe.build(), CountrySerializerField()
            assert type(field) is reading.CountryChoicesField
            assert field.choices == own.choices
            assert field.to_internal_value("DE") == "DE"
            with pytest.raises(serializers.ValidationError):
                field.to_internal_value("XX")
            built.setdefault(language, []).append(field)
    assert built["fr"][0].choices["DE"] == "Allemagne"
    assert built["en"][0].choices["DE"] == "Germany"
    assert built["fr"][0].choices is built["fr"][1].choices


def test_a_country_list_of_its_own_is_not_shared():
    mine = CountrySerializerField(countries=[("XK", "Kosovo")], allow_blank=True)
    field = reading.Recipe.of(mine).build()
    assert list(field.choices) == ["XK"]
    assert "XK" not in reading.Recipe.of(CountrySerializerField()).build().choices
