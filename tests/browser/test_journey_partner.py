"""Partners answer a briefing invitation from their email, signed out, in English, French and Arabic,
on a desktop and on a phone: the invitation arrives at a real SMTP server on loopback (sent by a
real worker); they follow its link, accept, download the calendar entry (the same event as the
email's), change their answer; then the coordinator sees the answers on the briefing page. Every
page visited passes `watch.page_ok`."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
from django.utils import timezone

from campaigns.models import Membership
from outreach.models import Invitation
from outreach.services.invitations import invitations_create, invitations_send
from tests import factories as f
from tests.browser.conftest import PASSWORD
from tests.browser.journey import journey_stack, new_tab  # noqa: F401  (journey_stack is a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

# (language, on a phone, what the page says once the answer is recorded, the calendar link's text)
PARTNERS = [
    ("en", False, "Thank you, your answer is recorded.", "Add to calendar"),
    ("fr", True, "Merci, votre réponse est enregistrée.", "Ajouter au calendrier"),
    ("ar", True, "شكرًا، سُجّل ردكم.", "أضف إلى التقويم"),
    ("ar", False, "شكرًا، سُجّل ردكم.", "أضف إلى التقويم"),
]
ACCEPT_LINK = re.compile(r'href="(http[^"]+/rsvp/[^"]+/)"')


def invitation_for(smtp, address: str, timeout: float = 45):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        received = smtp.handler.by_recipient().get(address)
        if received:
            return received[0]
        time.sleep(0.2)
    raise AssertionError(f"no invitation reached {address}")


def uid_of(calendar: str) -> str:
    return re.search(r"^UID:(.+)$", calendar, re.M).group(1).strip()


@pytest.fixture
def invited(journey_stack):  # noqa: F811  (the fixture imported above)
    campaign = f.CampaignFactory(name="Nagorno-Karabakh emergency response", slug="nk")
    coordinator = f.UserFactory(username="lena")
    f.MembershipFactory(user=coordinator, campaign=campaign, role=Membership.Role.COORDINATOR)
    starts = timezone.now() + dt.timedelta(days=5)
    briefing = f.BriefingFactory(
        campaign=campaign,
        title="Global partner briefing on the ceasefire",
        agenda="Svitlana Valko and Thomas de Waal on the ceasefire and humanitarian access",
        location="Maison de la Paix, Geneva",
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=90),
        time_zone="Asia/Yerevan",
    )
    organisation = f.OrganisationFactory(name="Conciliation Resources", is_partner=True)
    partners = [
        f.ContactFactory(
            full_name=name, organisation=organisation, email=f"partner{n}@cr.example.org", preferred_language=language
        )
        for n, (language, name) in enumerate(
            [("en", "Anna Petrosyan"), ("fr", "Camille Durand"), ("ar", "Layla Haddad"), ("ar", "Omar Khalil")]
        )
    ]
    invitations_create(briefing=briefing, contacts=partners, by=coordinator)
    assert len(invitations_send(briefing=briefing, by=coordinator).queued) == len(partners)
    return journey_stack, briefing, coordinator, partners


def test_partners_answer_from_the_email_in_their_language_and_the_coordinator_sees_it(browser, invited, tmp_path):
    stack, briefing, coordinator, partners = invited
    for partner, (language, phone, thanks, add_to_calendar) in zip(partners, PARTNERS, strict=True):
        email = invitation_for(stack.smtp, partner.email)
        link = ACCEPT_LINK.search(email.html()).group(1)
        context, tab, watch = new_tab(browser, stack.url, language=language, phone=phone)

        # Signed out, the email's link opens the briefing, in the partner's language.
        tab.goto(link)
        watch.page_ok(tab)
        assert tab.get_attribute("html", "lang") == language
        assert tab.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        assert tab.get_by_role("heading", name="Global partner briefing on the ceasefire").is_visible()
        text = tab.inner_text("main")
        assert "Maison de la Paix, Geneva" in text and "Thomas de Waal" in text and "Asia/Yerevan" in text
        assert Invitation.objects.get(contact=partner).status == "invited"  # opening changes nothing

        # Accept: the page thanks them and ticks the answer.
        tab.locator('button[name="answer"][value="accept"]').click()
        tab.get_by_text(thanks).wait_for()
        watch.page_ok(tab)
        assert "chosen-answer" in tab.get_attribute('button[name="answer"][value="accept"]', "class")
        assert Invitation.objects.get(contact=partner).status == "accepted"

        # The calendar entry is the email's event.
        with tab.expect_download() as download:
            tab.get_by_role("link", name=add_to_calendar).click()
        saved = tmp_path / f"{partner.pk}.ics"
        download.value.save_as(saved)
        assert uid_of(Path(saved).read_text()) == uid_of(email.calendar()) == str(briefing.uid)
        watch.page_ok(tab, axe=False)

        # They change their mind: "maybe".
        tab.locator('button[name="answer"][value="maybe"]').click()
        tab.locator('button.chosen-answer[value="maybe"]').wait_for()
        watch.page_ok(tab)
        assert Invitation.objects.get(contact=partner).status == "tentative"
        context.close()

    # The coordinator sees every answer on the briefing page.
    context, tab, watch = new_tab(browser, stack.url)
    tab.goto("/accounts/login/")
    tab.fill("#id_username", coordinator.username)
    tab.fill("#id_password", PASSWORD)
    tab.click("button[type=submit].primary")
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)
    tab.get_by_role("navigation", name="Main").get_by_role("link", name="Briefings").click()
    tab.get_by_role("link", name="Global partner briefing on the ceasefire").click()
    tab.wait_for_url(f"**/outreach/briefings/{briefing.pk}/")
    watch.page_ok(tab)
    for partner in partners:
        row = tab.locator("#invitees tr", has=tab.get_by_role("link", name=partner.full_name, exact=True))
        assert row.locator(".answer").inner_text() == "Maybe"
    assert "Maybe: 4" in tab.inner_text("#answers")
    context.close()


def test_a_mangled_link_gets_a_clear_page_on_a_phone(browser, invited):
    stack, _briefing, _coordinator, partners = invited
    link = ACCEPT_LINK.search(invitation_for(stack.smtp, partners[1].email).html()).group(1)
    mangled = link.replace("/rsvp/", "/rsvp/x")
    context, tab, watch = new_tab(browser, stack.url, language="fr", phone=True)
    watch.allow(mangled.split(stack.url, 1)[1], 400)  # the refusal this journey expects
    response = tab.goto(mangled)
    assert response.status == 400
    watch.page_ok(tab)
    assert tab.get_by_role("heading", name="Ce lien ne peut pas être utilisé").is_visible()
    assert Invitation.objects.get(contact=partners[1]).status == "invited"
    context.close()
