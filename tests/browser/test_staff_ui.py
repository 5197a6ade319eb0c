"""The staff UI in a real browser: sign in, log, follow up, brief, pitch, languages, phone size, axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from media_tracker.models import Placement
from outreach.models import Interaction, Invitation, Pitch
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_and_log_an_interaction_from_the_quick_form(page, demo):
    sign_in(page)
    page.get_by_role("link", name="Log outreach").first.click()
    page.wait_for_url("**/outreach/log/")
    page.fill("#id_contact_search", "svit")
    page.get_by_role("button", name=re.compile("Svitlana Valko")).click()
    page.wait_for_selector("#contact-picker .chosen")
    page.select_option("#id_channel", "meeting")
    page.fill("#id_summary", "Met Svitlana; she confirmed she will speak")
    page.fill("#id_next_step", "Send the speaker notes")
    follow_up = timezone.localdate() + dt.timedelta(days=2)
    page.fill("#id_follow_up_on", follow_up.isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/outreach/contacts/{demo.contact.pk}/")
    assert "Met Svitlana; she confirmed she will speak" in page.inner_text("main")
    interaction = Interaction.objects.get(summary="Met Svitlana; she confirmed she will speak")
    assert interaction.channel == "meeting" and interaction.follow_up_on == follow_up
    assert interaction.logged_by == demo.staff and interaction.organisation == demo.organisation


def test_follow_up_done_without_a_page_reload(page, demo):
    sign_in(page)
    page.goto("/")
    page.evaluate("window.__stillHere = true")
    row = page.locator(f"#interaction-{demo.interaction.pk}")
    row.get_by_role("button", name="Done").click()
    page.wait_for_selector("text=Marked done: Send her the agenda")
    assert page.evaluate("window.__stillHere") is True  # htmx swapped the row; no navigation
    assert Interaction.objects.get(pk=demo.interaction.pk).done


def test_create_a_briefing_and_invite_an_organisations_contacts(page, demo):
    sign_in(page)
    page.goto("/outreach/briefings/new/")
    page.fill("#id_title", "Ceasefire briefing for partners")
    page.fill("#id_starts_at", "2026-12-03T15:00")
    page.fill("#id_ends_at", "2026-12-03T16:30")
    page.select_option("#id_time_zone", "Europe/Paris")
    page.get_by_role("button", name="Create briefing").click()
    page.wait_for_url(re.compile(r".*/outreach/briefings/\d+/#invite$"))
    page.fill("#invite-search", "concil")
    page.locator("#invite-results").get_by_label(re.compile("Conciliation Resources")).check()
    page.locator("#invite").get_by_role("button", name="Invite the chosen").click()
    page.wait_for_selector("text=Invited 2 contacts")
    people = page.inner_text("#invitees")
    assert "Anna Petrosyan" in people and "Leyla Aliyeva" in people
    invited = Invitation.objects.filter(briefing__title="Ceasefire briefing for partners")
    assert {i.contact.full_name for i in invited} == {"Anna Petrosyan", "Leyla Aliyeva"}


def test_move_a_pitch_to_placed_with_a_url(page, demo):
    sign_in(page)
    page.goto("/outreach/op-eds/")
    page.get_by_role("link", name="Le Monde").click()
    page.select_option("#id_status", "placed")
    page.fill("#id_placement_url", "https://www.lemonde.example.org/idees/appel-pour-la-paix")
    page.fill("#id_placement_date", timezone.localdate().isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/outreach/op-eds/")
    placed_column = page.locator("section", has=page.locator("#col-placed"))
    assert "Two journalists call for peace" in placed_column.inner_text()
    assert Pitch.objects.get(pk=demo.pitch.pk).status == "placed"
    assert Placement.objects.get(pitch=demo.pitch).url.endswith("/appel-pour-la-paix")


def test_switch_to_arabic_is_right_to_left_even_before_signing_in(page, demo):
    page.goto("/accounts/login/")
    assert page.get_attribute("html", "dir") == "ltr"
    page.select_option("#language-switch", "ar")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_function("document.documentElement.dir === 'rtl'")
    assert page.get_attribute("html", "lang") == "ar"
    sign_in(page)
    assert page.get_attribute("html", "dir") == "rtl"
    assert "متابعاتي" in page.inner_text("h1")
    # Logical properties: the brand sits on the right in right-to-left.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > 640


def test_phone_sized_window_has_no_sideways_scroll_and_logging_works(phone, demo):
    sign_in(phone)
    for path in [
        "/",
        "/outreach/log/",
        "/outreach/contacts/",
        "/outreach/op-eds/",
        f"/outreach/briefings/{demo.briefing.pk}/",
    ]:
        phone.goto(path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width}px wide"
    phone.goto(f"/outreach/log/?contact={demo.contact.pk}")
    phone.fill("#id_summary", "Quick call from the phone")
    phone.get_by_role("button", name="Save").click()
    phone.wait_for_url(f"**/outreach/contacts/{demo.contact.pk}/")
    assert Interaction.objects.filter(summary="Quick call from the phone").exists()


def test_keyboard_reaches_the_quick_log_and_focus_is_visible(page, demo):
    sign_in(page)
    page.goto("/")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Log outreach":
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Log outreach"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


MAIN_PAGES = [
    "/",
    "/outreach/log/",
    "/campaigns/",
    "/campaigns/nk/",
    "/outreach/contacts/",
    "/outreach/organisations/",
    "/outreach/briefings/",
    "/outreach/op-eds/",
    "/media/",
]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_axe_finds_no_serious_or_critical_violation(page, demo, language):
    page.goto("/accounts/login/")
    assert axe_violations(page) == []
    if language != "en":
        page.select_option("#language-switch", language)
        page.locator(".langswitch button").click()
        page.wait_for_function(f"document.documentElement.lang === '{language}'")
    sign_in(page)
    pages = MAIN_PAGES + [
        f"/outreach/contacts/{demo.contact.pk}/",
        f"/outreach/briefings/{demo.briefing.pk}/",
        f"/outreach/pitches/{demo.pitch.pk}/",
    ]
    found = {}
    for path in pages:
        page.goto(path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_the_axe_check_does_report_violations(page, demo):
    """Guards the test above against passing vacuously (axe not loaded, wrong impact filter)."""
    page.goto("/accounts/login/")
    page.evaluate("document.querySelector('label[for=id_username]').remove()")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x.png>')")
    ids = {v["id"] for v in axe_violations(page)}
    assert {"label", "image-alt"} <= ids
