"""The coordinator's briefing, in the real browser against the live server, a real SMTP server on
loopback and a real worker: sign in, open the campaign, create a briefing from its links, invite
partners by organisation and by tag with the type-ahead, send the invitations and watch the
delivery panel fill as the worker sends them, then move the briefing: every invitee gets the
update by email. Every page visited passes `watch.page_ok`."""

from __future__ import annotations

import datetime as dt
import re
import time
import zoneinfo

import pytest
from django.utils import timezone

from campaigns.models import Membership
from outreach.models import Briefing, Invitation
from tests import factories as f
from tests.browser.conftest import PASSWORD
from tests.browser.journey import journey_stack, new_tab  # noqa: F401  (journey_stack is a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_mail(smtp, predicate, *, count: int, timeout: float = 45) -> list:
    """The messages that arrived at the loopback SMTP server and match, once there are `count` of them."""
    deadline = time.monotonic() + timeout
    while True:
        with smtp.handler.lock:
            found = [m for m in smtp.handler.received if predicate(m)]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


@pytest.fixture
def directory():
    campaign = f.CampaignFactory(name="Nagorno-Karabakh emergency response", slug="nk")
    coordinator = f.UserFactory(username="lena", first_name="Lena", time_zone="Europe/Paris")
    f.MembershipFactory(user=coordinator, campaign=campaign, role=Membership.Role.COORDINATOR)
    resources = f.OrganisationFactory(name="Conciliation Resources", is_partner=True)
    partners = [
        f.ContactFactory(full_name="Anna Petrosyan", organisation=resources, email="anna@cr.example.org"),
        f.ContactFactory(full_name="Leyla Aliyeva", organisation=resources, email="leyla@cr.example.org"),
    ]
    humanitarian = f.TagFactory(slug="humanitarian", name="Humanitarian")
    for name, email in [("Svitlana Valko", "sv@iphr.example.org"), ("Thomas de Waal", "tdw@carnegie.example.org")]:
        contact = f.ContactFactory(full_name=name, email=email)
        contact.tags.add(humanitarian)
        partners.append(contact)
    # The rest of the directory: never on the page unless searched for.
    bystanders = f.OrganisationFactory(name="Unrelated Club")
    for n in range(40):
        f.ContactFactory(full_name=f"Bystander {n}", organisation=bystanders)
    return campaign, coordinator, partners


def test_a_coordinator_creates_a_briefing_invites_by_organisation_and_tag_sends_and_moves_it(
    browser,
    journey_stack,  # noqa: F811  (the fixture imported above)
    directory,
):
    campaign, coordinator, partners = directory
    smtp = journey_stack.smtp
    context, tab, watch = new_tab(browser, journey_stack.url)

    # Sign in, open the campaign, follow its links to a new briefing.
    tab.goto("/accounts/login/")
    watch.page_ok(tab)
    tab.fill("#id_username", coordinator.username)
    tab.fill("#id_password", PASSWORD)
    tab.click("button[type=submit].primary")
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)
    watch.page_ok(tab)
    tab.get_by_role("navigation", name="Main").get_by_role("link", name="Campaigns").click()
    tab.wait_for_load_state()
    watch.page_ok(tab)
    tab.get_by_role("link", name=campaign.name).first.click()
    tab.wait_for_url(f"**/campaigns/{campaign.slug}/")
    watch.page_ok(tab)
    tab.locator("main").get_by_role("link", name="Briefings", exact=True).click()
    tab.wait_for_url("**/outreach/briefings/?campaign=*")
    watch.page_ok(tab)
    tab.get_by_role("link", name="New briefing").click()
    tab.wait_for_url("**/outreach/briefings/new/")
    watch.page_ok(tab)
    paris = zoneinfo.ZoneInfo("Europe/Paris")  # the briefing's zone: its times are typed in it
    starts = dt.datetime.combine((timezone.now() + dt.timedelta(days=3)).astimezone(paris).date(), dt.time(15), paris)
    tab.fill("#id_title", "Ceasefire briefing for partners")
    tab.fill("#id_agenda", "What the ceasefire means for humanitarian access")
    tab.fill("#id_starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
    tab.fill("#id_ends_at", starts.replace(hour=16, minute=30).strftime("%Y-%m-%dT%H:%M"))
    tab.select_option("#id_time_zone", "Europe/Paris")
    tab.get_by_role("button", name="Create briefing").click()
    tab.wait_for_url(re.compile(r".*/outreach/briefings/\d+/#invite$"))
    watch.page_ok(tab)
    briefing = Briefing.objects.get(title="Ceasefire briefing for partners")
    assert "Bystander" not in tab.content()  # the picker shows nobody until searched

    # The briefing links to its campaign's dashboard.
    dashboard = tab.get_by_role("link", name=f"Dashboard of {campaign.name}")
    assert dashboard.get_attribute("href") == f"/campaigns/{campaign.slug}/dashboard/"

    # Invite by organisation and by tag: type, tick.
    tab.fill("#invite-search", "concil")
    tab.locator("#invite-results").get_by_label(re.compile("Conciliation Resources")).check()
    assert tab.locator("#invite-chosen").get_by_label(re.compile("Conciliation Resources")).is_checked()
    tab.fill("#invite-search", "humanit")
    tab.locator("#invite-results").get_by_label(re.compile("Humanitarian")).check()
    chosen = tab.inner_text("#invite-chosen")
    assert "Conciliation Resources" in chosen and "Humanitarian" in chosen
    # What was chosen stays chosen and out of the next results.
    tab.fill("#invite-search", "conciliation")
    tab.locator("#invite-results").get_by_text("No match.").wait_for()
    # A person ticked by mistake is unticked: gone from the chosen, not invited.
    tab.fill("#invite-search", "bystander 7")
    tab.locator("#invite-results").get_by_label(re.compile("Bystander 7")).check()
    mistake = tab.locator("#invite-chosen").get_by_label(re.compile("Bystander 7"))
    mistake.click()  # unticking removes the row, so click rather than wait for an unticked box
    assert mistake.count() == 0 and "Bystander" not in tab.inner_text("#invite-chosen")
    watch.page_ok(tab)
    tab.get_by_role("button", name="Invite the chosen").click()
    tab.get_by_text("Invited 4 contacts; 0 were already invited.").wait_for()
    watch.page_ok(tab)
    invited = set(Invitation.objects.filter(briefing=briefing).values_list("contact__full_name", flat=True))
    assert invited == {p.full_name for p in partners}
    for partner in partners:  # listed once, in the list of invitees
        assert tab.get_by_role("link", name=partner.full_name, exact=True).count() == 1

    # Send: the click queues the invitations, and the panel fills as the worker sends them.
    panel = tab.locator("#briefing-delivery")
    panel.get_by_role("button", name="Send invitations").click()
    panel.get_by_text("4 emails queued.").wait_for()
    tab.locator('#delivery-counts[data-in-flight="no"]').wait_for(timeout=45_000)
    assert tab.inner_text('#delivery-counts [data-count="sent"]') == "4"
    assert tab.inner_text('#delivery-counts [data-count="failed"]') == "0"
    watch.page_ok(tab)
    invitations = wait_for_mail(smtp, lambda m: m.message["Subject"].startswith("Invitation:"), count=4)
    assert sorted(r for m in invitations for r in m.rcpt_tos) == sorted(p.email for p in partners)

    # Move the briefing an hour later: everyone invited gets the updated entry by email.
    tab.get_by_role("link", name="Edit, move or cancel").click()
    tab.wait_for_url(f"**/outreach/briefings/{briefing.pk}/edit/")
    watch.page_ok(tab)
    tab.fill("#id_starts_at", starts.replace(hour=16).strftime("%Y-%m-%dT%H:%M"))
    tab.fill("#id_ends_at", starts.replace(hour=17, minute=30).strftime("%Y-%m-%dT%H:%M"))
    tab.get_by_role("button", name="Save").click()
    tab.wait_for_url(f"**/outreach/briefings/{briefing.pk}/")
    tab.get_by_text("Saved. 4 invitees will get the updated calendar entry.").wait_for()
    watch.page_ok(tab)
    updates = wait_for_mail(smtp, lambda m: m.message["Subject"].startswith("Updated:"), count=4)
    assert sorted(r for m in updates for r in m.rcpt_tos) == sorted(p.email for p in partners)
    update = updates[0]
    assert "SEQUENCE:1" in update.calendar() and f"UID:{briefing.uid}" in update.calendar()
    assert "DTSTART:" + starts.replace(hour=16).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ") in update.calendar()
    context.close()


def test_a_viewer_sees_the_briefing_without_the_picker_and_the_coordinators_picker_fits_a_phone(
    browser,
    journey_stack,  # noqa: F811  (the fixture imported above)
    directory,
):
    campaign, coordinator, partners = directory
    viewer = f.UserFactory(username="vik")
    f.MembershipFactory(user=viewer, campaign=campaign, role=Membership.Role.VIEWER)
    briefing = f.BriefingFactory(campaign=campaign, title="Partners' briefing")
    for contact in partners:
        f.InvitationFactory(briefing=briefing, contact=contact)
    context, tab, watch = new_tab(browser, journey_stack.url, phone=True)
    tab.goto("/accounts/login/")
    tab.fill("#id_username", "vik")
    tab.fill("#id_password", PASSWORD)
    tab.click("button[type=submit].primary")
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)
    tab.get_by_role("link", name="Briefings").first.click()
    tab.get_by_role("link", name="Partners' briefing").click()
    tab.wait_for_url(f"**/outreach/briefings/{briefing.pk}/")
    watch.page_ok(tab)
    assert tab.locator("#invite-search").count() == 0 and tab.locator("#invite").count() == 0
    assert tab.get_by_role("button", name="Send invitations").count() == 0
    assert "Anna Petrosyan" in tab.inner_text("#invitees")
    context.close()

    # The coordinator's picker fits the same phone.
    context, tab, watch = new_tab(browser, journey_stack.url, phone=True)
    tab.goto("/accounts/login/")
    tab.fill("#id_username", coordinator.username)
    tab.fill("#id_password", PASSWORD)
    tab.click("button[type=submit].primary")
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)
    tab.get_by_role("link", name="Briefings").first.click()
    tab.get_by_role("link", name="Partners' briefing").click()
    tab.fill("#invite-search", "bystander")
    tab.locator("#invite-results").get_by_label(re.compile("Bystander 1")).first.check()
    watch.page_ok(tab)
    context.close()
