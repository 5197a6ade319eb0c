"""Type-aheads where a page used to list a whole table: the media page's outlet filter, a pitch's
outlet and editor, and a new contact's organisation, typed and picked in a real browser."""

from __future__ import annotations

import re

import pytest

from media_tracker.models import Mention
from outreach.models import Contact, Pitch
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import ContactFactory, MentionFactory, OutletFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_filter_the_media_page_by_an_outlet_typed_in_its_box(page, demo):
    le_monde = demo.pitch.outlet
    MentionFactory(campaign=demo.campaign, article__outlet=le_monde, article__title="Tribune sur le cessez-le-feu")
    MentionFactory(campaign=demo.campaign, article__title="Another paper's report")
    tab = page
    sign_in(tab)
    tab.get_by_role("link", name="Media").first.click()
    assert axe_violations(tab) == []
    tab.fill("#id_outlet", "Mond")
    tab.get_by_role("button", name=re.compile("Le Monde")).click()
    tab.wait_for_selector("#id_outlet-picker .chosen")
    tab.get_by_role("button", name="Filter").click()
    tab.wait_for_url(re.compile(rf"outlet={le_monde.pk}"))
    mentions = tab.inner_text("section[aria-labelledby=mentions-title]")
    assert "Tribune sur le cessez-le-feu" in mentions and "Another paper's report" not in mentions
    assert tab.inner_text("#id_outlet-picker .chosen") == "Le Monde"
    assert axe_violations(tab) == []
    assert Mention.objects.count() == 2


def test_name_a_pitch_s_editor_and_plan_the_next_outlet_by_typing(page, demo):
    faz = OutletFactory(name="Frankfurter Allgemeine", country="DE")
    editor = ContactFactory(full_name="Jasper von Altenbockum")
    tab = page
    sign_in(tab)
    tab.get_by_role("link", name="Op-eds").first.click()
    tab.get_by_role("link", name="Le Monde").click()
    assert tab.inner_text("#id_outlet-picker .chosen") == "Le Monde"
    tab.fill("#id_editor", "Altenb")
    tab.get_by_role("button", name=re.compile("Jasper von Altenbockum")).click()
    tab.wait_for_selector("#id_editor-picker .chosen")
    assert axe_violations(tab) == []
    tab.get_by_role("button", name="Save").click()
    tab.wait_for_url("**/outreach/op-eds/")
    assert Pitch.objects.get(pk=demo.pitch.pk).editor == editor

    tab.get_by_role("link", name="Record a pitch").click()
    tab.fill("#id_outlet", "Frankf")
    tab.get_by_role("button", name=re.compile("Frankfurter Allgemeine")).click()
    tab.wait_for_selector("#id_outlet-picker .chosen")
    tab.select_option("#id_status", "planned")
    assert axe_violations(tab) == []
    tab.get_by_role("button", name="Save").click()
    tab.wait_for_url("**/outreach/op-eds/")
    assert Pitch.objects.filter(op_ed=demo.op_ed, outlet=faz, status="planned").exists()


def test_add_a_contact_at_an_organisation_typed_in_its_box(page, demo):
    tab = page
    sign_in(tab)
    tab.get_by_role("link", name="Contacts").first.click()
    tab.get_by_role("link", name="New contact").click()
    tab.fill("#id_full_name", "Dennis Sammut")
    tab.fill("#id_organisation", "Concil")  # thousands of organisations: a type-ahead
    tab.get_by_role("button", name="Conciliation Resources").click()
    tab.wait_for_selector("#id_organisation-picker .chosen")
    assert axe_violations(tab) == []
    tab.get_by_role("button", name="Save").click()
    tab.wait_for_selector("text=Saved: Dennis Sammut")
    assert "Conciliation Resources" in tab.inner_text("main")
    assert Contact.objects.get(full_name="Dennis Sammut").organisation.name == "Conciliation Resources"
