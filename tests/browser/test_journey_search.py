"""Finding and working with people in a real browser, in English and Arabic, on a desktop and a
390 px phone: type in the header's search box, pick a suggestion, land on the record; then on the
contacts list sort by a column, filter, tick two contacts and add a tag to them."""

from __future__ import annotations

import pytest

from outreach.models import Tag
from tests.browser.conftest import sign_in
from tests.browser.journey import new_tab
from tests.factories import ContactFactory, TagFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_search_a_person_then_tag_two_partners_from_the_list(browser, live_server, demo, language, phone):
    TagFactory(slug="speaker", name="Speaker")
    ContactFactory(full_name="Zaven Elsewhere")  # filtered out below
    context, tab, watch = new_tab(browser, live_server.url, language=language, phone=phone)
    try:
        sign_in(tab)
        watch.page_ok(tab)

        # The header's box: "valko" typed without capitals finds Svitlana Valko as you type;
        # Escape closes the suggestions, typing again opens them.
        tab.fill("#site-search", "valk")
        tab.locator("#site-search-suggestions a", has_text="Svitlana Valko").wait_for()
        tab.press("#site-search", "Escape")
        assert tab.locator("#site-search-suggestions a").count() == 0
        tab.fill("#site-search", "valko")
        suggestion = tab.locator("#site-search-suggestions a", has_text="Svitlana Valko")
        suggestion.wait_for()
        watch.page_ok(tab)
        suggestion.click()
        tab.wait_for_url(f"**/outreach/contacts/{demo.contact.pk}/")
        assert tab.locator("h1").inner_text() == "Svitlana Valko"
        assert "Asked Svitlana to speak at the briefing" in tab.inner_text("#timeline")
        watch.page_ok(tab)

        # Enter opens the full results page, grouped by kind.
        tab.fill("#site-search", "peace")
        tab.press("#site-search", "Enter")
        tab.wait_for_url("**/search/?q=peace")
        assert "Two journalists call for peace" in tab.inner_text("main")
        watch.page_ok(tab)

        # The contacts list: sort by organisation, filter by it, tick two people, add a tag.
        tab.locator("nav.topnav a[href$='/outreach/contacts/']").click()
        tab.wait_for_url("**/outreach/contacts/")
        tab.locator("th a[href*='sort=organisation']").click()
        tab.wait_for_url("**sort=organisation**")
        assert tab.locator("th[aria-sort='ascending'] a[href*='sort=-organisation']").count() == 1
        watch.page_ok(tab)
        tab.fill("#id_organisation", "Conciliation")
        tab.locator("form.filters button[type=submit]").click()
        tab.wait_for_url("**organisation=Conciliation**")
        assert "sort=organisation" in tab.url  # the sort stays while filtering
        rows = tab.locator("table.contacts tbody tr")
        assert rows.count() == 2 and "Zaven Elsewhere" not in tab.inner_text("table.contacts")
        watch.page_ok(tab)
        tab.check("#pick-all")  # every row of the page, then two by hand
        assert tab.locator("input[name=contacts]:checked").count() == 2
        tab.uncheck("#pick-all")
        for contact in demo.partner_contacts:
            tab.check(f"#pick-{contact.pk}")
        tab.select_option("#bulk-tag", "speaker")
        tab.locator("button[name=action][value=tag]").click()
        tab.wait_for_url("**organisation=Conciliation**")
        tab.locator(".message.success").wait_for()
        assert set(Tag.objects.get(slug="speaker").contacts.all()) == set(demo.partner_contacts)
        assert tab.locator("table.contacts .badge", has_text="Speaker").count() == 2
        watch.page_ok(tab)
    finally:
        context.close()
