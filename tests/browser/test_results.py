"""From activity to results in a real browser: a coordinator links a placement to an ask, marks an
exit criterion met, drafts the quarterly update, edits a paragraph, freezes it, downloads the PDF and
shares it; a partner opens the public link signed out, until it is revoked."""

from __future__ import annotations

import re

import pytest

from campaigns.models import Evidence, ExitCriterion, Membership
from tests.browser.conftest import sign_in
from tests.factories import ExitCriterionFactory, MembershipFactory, ObjectiveFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_link_a_placement_mark_an_exit_criterion_met_draft_edit_freeze_download_and_share(page, browser, live_server,
                                                                                           demo):  # fmt: skip
    lead = UserFactory(username="lead", first_name="Nareh", last_name="Vartanian")
    MembershipFactory(user=lead, campaign=demo.campaign, role=Membership.Role.COORDINATOR)
    ask = ObjectiveFactory(campaign=demo.campaign, title="Humanitarian access", target="The warring parties")
    ExitCriterionFactory(campaign=demo.campaign, text="The ceasefire holds for three months")
    sign_in(page, "lead")

    # 1. The placement, where it is shown: one click links it to the ask.
    page.goto(f"/media/?campaign={demo.campaign.pk}")
    row = page.locator("tr", has_text="Comment on BBC World")
    row.get_by_role("button", name="Link to an ask").click()
    row.get_by_role("link", name="Humanitarian access").wait_for()
    assert Evidence.objects.get(objective=ask).placement.title == "Comment on BBC World"

    # 2. The exit criterion, on the campaign page.
    page.goto(f"/campaigns/{demo.campaign.slug}/")
    page.get_by_text("Update “The ceasefire holds for three months”").click()
    criterion = ExitCriterion.objects.get(campaign=demo.campaign)
    page.select_option(f"#id_exit-{criterion.pk}-state", "met")
    page.fill(f"#id_exit-{criterion.pk}-evidence", "No violation reported since the truce")
    page.get_by_role("button", name="Save the state").click()
    page.wait_for_selector("text=Close to exit: 1 of 1 met (100%)")

    # 3. The quarterly update: drafted from the data, a paragraph edited in place, frozen.
    page.goto(f"/campaigns/{demo.campaign.slug}/quarterly/")
    page.fill("#id_year", "2020")
    page.select_option("#id_quarter", "4")
    page.select_option("#id_language", "en")
    page.get_by_role("button", name="Draft", exact=True).click()
    page.wait_for_url(re.compile(r"/quarterly/\d+/$"))
    document = page.locator("article.qdoc")
    assert "Comment on BBC World" in document.inner_text()
    assert "No violation reported since the truce" in document.inner_text()
    page.get_by_text("Edit “Summary”").click()
    page.fill("#text-summary", "A quarter in which two journalists were heard on BBC World.")
    page.get_by_role("button", name="Save this section").first.click()
    page.locator("#section-summary .qdoc-text", has_text="two journalists were heard").wait_for()
    page.get_by_role("button", name="Freeze as a version").click()
    page.wait_for_selector("text=Frozen as version 1.")

    # 4. The version: its PDF, and a public link for partners.
    page.get_by_role("link", name="Open the version, download it, share it").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.get_by_role("button", name="Create a public link").click()
    link = page.locator("input.share-url").input_value()

    # 5. A partner, signed out, reads it; once revoked, they are told it was withdrawn.
    partner = browser.new_context(base_url=live_server.url)
    outside = partner.new_page()
    outside.goto(link)
    assert "A quarter in which two journalists were heard on BBC World." in outside.inner_text("article.qdoc")
    assert "/accounts/login/" not in outside.url
    page.get_by_role("button", name="Revoke").click()
    page.wait_for_selector("text=Link revoked")
    response = outside.goto(link)
    assert response.status == 410 and "This update was withdrawn" in outside.inner_text("main")
    partner.close()
