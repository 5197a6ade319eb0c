"""Rows load into model instances without Model.__init__'s work per field (config/loading.py): each
instance must be exactly the one Django's own from_db builds, whole or with columns left unread."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db.models import Model
from django.db.models.signals import post_init

from config import loading
from media_tracker.models import Mention
from outreach.models import Contact, Invitation
from tests import factories as f

PLAIN_MODELS = [model for model in apps.get_models() if issubclass(model, loading.PlainLoading)]


def djangos_own(model, db, field_names, values):
    return Model.from_db.__func__(model, db, field_names, values)


def state(instance) -> dict:
    stored = {key: value for key, value in instance.__dict__.items() if key != "_state"}
    return {"type": type(instance), "stored": stored, "adding": instance._state.adding, "db": instance._state.db}


def sample_row(model) -> tuple[list[str], list]:
    """A value for each column: a country code for a country, a number for a key, a text otherwise."""
    names, values = [], []
    for index, field in enumerate(model._meta.concrete_fields):
        names.append(field.attname)
        if field.get_internal_type() == "CharField" and getattr(field, "countries", None) is not None:
            values.append("AM")
        elif field.is_relation or field.primary_key:
            values.append(index + 1)
        else:
            values.append(f"value {index}")
    return names, values


def test_the_list_models_load_plainly():
    """The models of the lists are all loaded the plain way (none falls back to Django's for good)."""
    assert {model.__name__ for model in PLAIN_MODELS} >= {"Contact", "Invitation", "Mention", "Article", "Pitch"}
    assert all(loading.loads_plainly(model) for model in PLAIN_MODELS)


@pytest.mark.parametrize("model", PLAIN_MODELS, ids=lambda model: model.__name__)
def test_every_model_loads_as_django_loads_it_whole_and_in_part(model):
    names, values = sample_row(model)
    for keep in (slice(None), slice(None, None, 2)):  # every column, then every other one (the rest unread)
        loaded = model.from_db("default", names[keep], values[keep])
        assert state(loaded) == state(djangos_own(model, "default", names[keep], values[keep]))
        assert (
            loaded.get_deferred_fields()
            == djangos_own(model, "default", names[keep], values[keep]).get_deferred_fields()
        )


@pytest.mark.django_db
def test_a_page_of_mentions_with_their_articles_reads_as_django_reads_it(monkeypatch):
    for _ in range(3):
        f.MentionFactory()
    contacts = [f.ContactFactory(country="FR"), f.ContactFactory(country="")]

    def read():
        mentions = list(Mention.objects.select_related("article").only("snippet", "article__title").order_by("pk"))
        return (
            [(state(m), state(m.article)) for m in mentions],
            [state(c) for c in Contact.objects.select_related("organisation").filter(pk__in=[c.pk for c in contacts])],
        )

    plain = read()
    monkeypatch.setattr(loading.PlainLoading, "from_db", classmethod(djangos_own))
    assert plain == read()
    assert [c.country.code for c in Contact.objects.filter(pk__in=[c.pk for c in contacts]).order_by("pk")] == [
        "FR",
        "",
    ]


@pytest.mark.django_db
def test_a_listener_to_post_init_gets_every_instance():
    invitation = f.InvitationFactory()
    heard = []

    def listen(sender, instance, **kwargs):
        heard.append(instance.pk)

    post_init.connect(listen, sender=Invitation)
    try:
        assert Invitation.objects.get(pk=invitation.pk).pk == invitation.pk
    finally:
        post_init.disconnect(listen, sender=Invitation)
    assert heard == [invitation.pk]


def test_a_model_with_an_init_of_its_own_goes_djangos_way(monkeypatch):
    assert loading.loads_plainly(Invitation)
    monkeypatch.setattr(Invitation, "__init__", lambda self, *args, **kwargs: Model.__init__(self, *args, **kwargs))
    assert not loading.loads_plainly(Invitation)
