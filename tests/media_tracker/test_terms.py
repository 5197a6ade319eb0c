"""What staff may track: the rules for bad input, forms and exclusions; terms derived from the
campaign's data carry transliterations and language versions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import Membership
from media_tracker.models import TrackedTerm
from media_tracker.services.terms import current_matcher, terms_refresh_derived, tracked_term_create
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_campaign():
    campaign = f.CampaignFactory()
    user = f.UserFactory()
    f.MembershipFactory(user=user, campaign=campaign, role=Membership.Role.STAFF)
    return campaign, user


def refused(campaign, user, **fields) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        tracked_term_create(campaign=campaign, by=user, **fields)
    assert not TrackedTerm.objects.exists()
    return caught.value.message_dict


def test_a_term_of_one_letter_or_only_punctuation_is_refused(staff_campaign):
    campaign, user = staff_campaign
    assert refused(campaign, user, term="A")["term"] == ["“A” is a single letter or digit; a term needs at least two."]
    assert refused(campaign, user, term="—!?")["term"] == ["“—!?” has no letters or digits; a term needs at least two."]


def test_a_common_word_is_refused_and_a_term_that_reduces_to_one_needs_exact_only(staff_campaign):
    campaign, user = staff_campaign
    assert "too common" in refused(campaign, user, term="the", language="en")["term"][0]
    problem = refused(campaign, user, term="Readings", language="en")["term"][0]
    assert problem.startswith("“Readings” reduces to “read”, a common word")
    term = tracked_term_create(campaign=campaign, by=user, term="Readings", language="en", exact=True)
    assert term.exact


def test_a_word_mixing_scripts_is_refused(staff_campaign):
    campaign, user = staff_campaign
    errors = refused(campaign, user, term="\u041cinsk Group", language="en")  # Cyrillic М
    assert "mixes letters of different scripts" in errors["term"][0]


def test_forms_need_a_known_language_and_follow_the_same_rules(staff_campaign):
    campaign, user = staff_campaign
    errors = refused(campaign, user, term="Minsk Group", forms=[{"language": "xx", "text": "Minsk"}])
    assert errors["forms"] == ["“xx” is not a language Parley knows."]
    errors = refused(campaign, user, term="Minsk Group", forms=[{"language": "fr", "text": "x"}])
    assert errors["forms"] == ["“x” is a single letter or digit; a term needs at least two."]


def test_an_exclusion_must_contain_the_term(staff_campaign):
    campaign, user = staff_campaign
    errors = refused(campaign, user, term="Minsk", kind="place", exclusions=["Vienna talks"])
    assert errors["exclusions"] == [
        "The exclusion phrase “Vienna talks” does not contain the term, so it would exclude nothing."
    ]
    term = tracked_term_create(campaign=campaign, by=user, term="Minsk", kind="place", exclusions=["Minsk agreements"])
    assert term.exclusions == ["Minsk agreements"]


def test_a_term_with_its_forms_is_matched_as_one_term(staff_campaign):
    campaign, user = staff_campaign
    term = tracked_term_create(
        campaign=campaign,
        by=user,
        term="Minsk Group",
        language="en",
        forms=[
            {"language": "fr", "text": "Groupe de Minsk"},
            {"language": "de", "text": "Minsk-Gruppe"},
            {"language": "ru", "text": "Минская группа"},
            {"language": "ar", "text": "مجموعة مينسك"},
            {"language": "ru", "text": "минская  группа"},  # the same form again: kept once
        ],
    )
    assert len(term.forms) == 4
    match = current_matcher().find("Сопредседатели Минской группы прибыли.", language="ru")
    assert match[campaign.pk].term_ids == [term.pk]


def test_a_viewer_cannot_add_terms():
    campaign = f.CampaignFactory()
    viewer = f.UserFactory()
    f.MembershipFactory(user=viewer, campaign=campaign, role=Membership.Role.VIEWER)
    with pytest.raises(ValidationError):
        tracked_term_create(campaign=campaign, by=viewer, term="Minsk Group")


def test_derived_terms_carry_transliterations_and_language_versions():
    campaign = f.CampaignFactory()
    author = f.ContactFactory(full_name="Thomas de Waal", name_variants=["Томас де Ваал", "توماس دي وال"])
    original = f.OpEdFactory(campaign=campaign, title="A ceasefire is not peace", language="en")
    original.authors.add(author)
    f.OpEdFactory(campaign=campaign, title="Перемирие ещё не мир", language="ru", version_of=original)
    terms_refresh_derived(campaign=campaign)
    person = TrackedTerm.objects.get(campaign=campaign, term="Thomas de Waal")
    assert person.forms == [
        {"language": "ru", "text": "Томас де Ваал"},
        {"language": "ar", "text": "توماس دي وال"},
    ]
    title = TrackedTerm.objects.get(campaign=campaign, kind="oped_title")
    assert (title.term, title.language, title.forms) == (
        "A ceasefire is not peace",
        "en",
        [{"language": "ru", "text": "Перемирие ещё не мир"}],
    )
    # The Russian transliteration declines in Russian articles.
    found = current_matcher().find("Аналитик Томаса де Ваала цитируют все.", language="ru")
    assert found[campaign.pk].term_ids == [person.pk]
