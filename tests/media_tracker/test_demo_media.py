"""The demo campaign's media side: terms in five languages, one exclusive pitch, reviewed mentions."""

from __future__ import annotations

import pytest

from campaigns.models import Campaign
from campaigns.reports.demo import demo_seed
from media_tracker.models import Mention, TrackedTerm
from media_tracker.services.terms import current_matcher
from outreach.models import Pitch

pytestmark = pytest.mark.django_db


def test_demo_terms_carry_french_german_russian_and_arabic_forms_and_are_found_inflected():
    demo_seed()
    campaign = Campaign.objects.get(slug="nagorno-karabakh-2020")
    minsk = TrackedTerm.objects.get(campaign=campaign, term="Minsk Group")
    assert {form["language"] for form in minsk.forms} == {"fr", "de", "ru", "ar"}
    found = current_matcher().find("Сопредседатели Минской группы прибыли в Баку.", language="ru")
    assert minsk.pk in found[campaign.pk].term_ids


def test_demo_has_an_exclusive_pitch_and_a_relevant_and_an_irrelevant_mention_and_reruns_change_nothing():
    demo_seed()
    assert Pitch.objects.filter(exclusive_until__isnull=False).count() == 1
    campaign = Campaign.objects.get(slug="nagorno-karabakh-2020")
    mentions = Mention.objects.filter(campaign=campaign)
    assert mentions.filter(relevance="relevant").count() == 1
    irrelevant = mentions.get(relevance="irrelevant")
    assert irrelevant.article.title == "Referees call a ceasefire in the VAR war"
    assert not any(demo_seed().values())
