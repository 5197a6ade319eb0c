"""``get_FOO_display()`` keeps Django's answers (config.choices builds each field's labels once)."""

from __future__ import annotations

import pytest
from django.db import models
from django.utils import translation

from media_tracker.models import Mention
from outreach.models import Pitch


def djangos(instance, name: str) -> str:
    return models.Model._get_FIELD_display(instance, instance._meta.get_field(name))


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_label_is_djangos_in_the_language_active_when_it_is_shown(language):
    pitch = Pitch(status=Pitch.Status.ACCEPTED)
    pitch.get_status_display()  # the labels are built here, in English
    with translation.override(language):
        assert pitch.get_status_display() == djangos(pitch, "status")
        assert pitch.get_status_display() == translation.gettext("Accepted")
    if language != "en":
        with translation.override(language):
            assert pitch.get_status_display() != "Accepted"


def test_a_value_outside_the_choices_is_shown_as_it_is_and_each_field_has_its_own_labels():
    assert Pitch(status="lost-in-transit").get_status_display() == "lost-in-transit"
    assert Pitch(status="").get_status_display() == ""
    mention = Mention(relevance=Mention.Relevance.RELEVANT)
    assert mention.get_relevance_display() == djangos(mention, "relevance") == "Relevant"
