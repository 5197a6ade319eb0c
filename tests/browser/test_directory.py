"""The shared address book in a real browser: a duplicate contact is merged into the one kept, from its page."""

from __future__ import annotations

import re

import pytest

from campaigns.models import Membership
from outreach.models import Contact, Interaction
from tests.browser.conftest import sign_in
from tests.factories import ContactFactory, InteractionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_merge_a_duplicate_contact_into_the_one_kept(page, demo):
    duplicate = ContactFactory(full_name="S. Valko", email="", phone="+374 10 000000", organisation=None)
    InteractionFactory(campaign=demo.campaign, contact=duplicate, logged_by=demo.staff, summary="Spoke at the panel")
    sign_in(page)
    page.goto(f"/outreach/contacts/{duplicate.pk}/")
    page.get_by_text("Merge into another contact…").click()
    page.fill("#id_contact_search", "Svitlana")
    page.get_by_role("button", name=re.compile("Svitlana Valko")).click()
    page.wait_for_selector("#contact-picker .chosen")
    page.get_by_role("button", name="Merge", exact=True).click()
    page.wait_for_url(f"**/outreach/contacts/{demo.contact.pk}/")
    assert "S. Valko was merged into Svitlana Valko." in page.inner_text("main")
    assert "Spoke at the panel" in page.inner_text("main")  # the duplicate's outreach moved here
    assert not Contact.objects.filter(pk=duplicate.pk).exists()
    assert Interaction.objects.get(summary="Spoke at the panel").contact == demo.contact
    assert Contact.objects.get(pk=demo.contact.pk).phone == "+374 10 000000"


def test_staff_archive_a_contact_and_a_coordinator_deleting_one_with_history_is_told_why_not(page, demo):
    sign_in(page)
    page.goto(f"/outreach/contacts/{demo.contact.pk}/")
    assert page.get_by_text("Delete…").count() == 0  # staff archive; deleting is for coordinators
    page.get_by_role("button", name="Archive", exact=True).click()
    page.wait_for_selector("text=Campaigns that worked with them keep them.")
    assert Contact.objects.get(pk=demo.contact.pk).archived_at is not None
    page.get_by_role("button", name="Bring back from the archive").click()
    page.wait_for_selector("text=Back in the address book")
    assert Contact.objects.get(pk=demo.contact.pk).archived_at is None

    Membership.objects.filter(user=demo.staff).update(role=Membership.Role.COORDINATOR)
    page.reload()
    page.get_by_text("Delete…").click()
    page.get_by_role("button", name="Delete Svitlana Valko").click()
    page.wait_for_selector("text=merge it into the contact you keep instead")
    assert Contact.objects.filter(pk=demo.contact.pk).exists()
