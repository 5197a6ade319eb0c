"""The staff member's, the coordinator's and the viewer's journeys in a real browser, in English, French
and Arabic: each signs in, then clicks only what the pages show. Every page they reach is checked by
`Watch.page_ok` (no console error, no failed request, no sideways scroll, no serious axe violation).

Names of buttons and links are read from the translation catalogues, so each journey runs unchanged
in the three languages; each person's interface language is their profile's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from campaigns.models import Membership
from media_tracker.models import AlertSubscription, Placement
from media_tracker.services.placements import pitch_record_placement
from outreach.models import Interaction, OpEd, Pitch
from tests.browser.conftest import PASSWORD
from tests.browser.journey import DESKTOP, LANGUAGES, PHONE, new_tab
from tests.browser.journey import journey_stack as journey_stack  # the fixture, for this module
from tests.factories import (
    CampaignFactory,
    ContactFactory,
    InteractionFactory,
    MembershipFactory,
    ObjectiveFactory,
    OpEdFactory,
    OrganisationFactory,
    OutletFactory,
    PitchFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Forms any signed-in person may use on every page (signing out, the language) and their own alerts.
OPEN_TO_ALL = {"/accounts/logout/", "/i18n/setlang/", "/media/alerts/subscribe", "/media/alerts/read"}


def say(language: str, text: str) -> str:
    """``text`` as the interface shows it in ``language``."""
    with translation.override(language):
        return gettext(text)


@dataclass
class Team:
    url: str
    campaign: object
    coordinator: object
    staff: object
    viewer: object
    contact: object
    le_monde: object
    earlier_step: object
    op_ed: object


@pytest.fixture
def team(journey_stack, request) -> Team:
    language = request.node.callspec.params.get("language", "en")
    campaign = CampaignFactory(name="Nagorno-Karabakh emergency response", slug="nk")
    people = {}
    for username, role in (("lead", "COORDINATOR"), ("nareh", "STAFF"), ("watcher", "VIEWER")):
        people[username] = UserFactory(username=username, first_name=username.title(), language=language)
        MembershipFactory(user=people[username], campaign=campaign, role=getattr(Membership.Role, role))
    organisation = OrganisationFactory(name="International Partnership on Human Rights", is_partner=True)
    contact = ContactFactory(full_name="Svitlana Valko", organisation=organisation, email="sv@iphr.example.org")
    earlier_step = InteractionFactory(
        campaign=campaign,
        contact=contact,
        logged_by=people["nareh"],
        occurred_at=timezone.now() - dt.timedelta(days=6),
        summary="First call about the briefing",
        next_step="Wait for her answer",
        follow_up_on=timezone.localdate() + dt.timedelta(days=5),
    )
    le_monde = OutletFactory(name="Le Monde", country="FR", language="fr")
    OutletFactory(name="Frankfurter Allgemeine", country="DE", language="de")
    # What the viewer reads: an ask, an op-ed placed by BBC World.
    ObjectiveFactory(campaign=campaign, title="Humanitarian access", target="The warring parties")
    op_ed = OpEdFactory(campaign=campaign, title="Two journalists, two sides, one call", owner=people["nareh"])
    pitch = PitchFactory(
        op_ed=op_ed,
        outlet=OutletFactory(name="BBC World", country="GB", language="en"),
        pitched_on=timezone.localdate() - dt.timedelta(days=10),
    )
    pitch_record_placement(
        pitch=pitch,
        url="https://www.bbc.example.org/news/two-journalists",
        published_on=timezone.localdate() - dt.timedelta(days=8),
        by=people["nareh"],
    )
    return Team(
        journey_stack.url,
        campaign,
        people["lead"],
        people["nareh"],
        people["watcher"],
        contact,
        le_monde,
        earlier_step,
        op_ed,
    )


def sign_in(tab, watch, username: str) -> None:
    tab.goto("/accounts/login/")
    watch.page_ok(tab)
    tab.fill("#id_username", username)
    tab.fill("#id_password", PASSWORD)
    tab.locator("button[type=submit].primary").click()
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)
    watch.page_ok(tab)


def nav(tab, language: str, name: str):
    return tab.get_by_role("navigation").get_by_role("link", name=say(language, name), exact=True)


def pick(tab, box, typed: str, result) -> None:
    """Type into a type-ahead's search ``box``, click the ``result`` the server sends back (a name or
    a pattern), and wait for the picker to show it chosen."""
    field_id = box.get_attribute("id")
    box.fill(typed)
    tab.get_by_role("button", name=result, exact=isinstance(result, str)).click()
    tab.locator(f"#{field_id}-picker .chosen", has_text=typed).first.wait_for()
    # The picker was swapped in: htmx wires its new search box when it settles (a person types
    # later than that; a test would otherwise type into a box that sends nothing yet).
    settled = "id => !document.querySelector(`#${id}-picker`).matches('.htmx-added, .htmx-settling')"
    tab.wait_for_function(settled, arg=field_id)


def refused_controls(tab) -> list[str]:
    """Forms that would change something, other than those open to all, and htmx writes."""
    actions = tab.evaluate(
        """() => [...document.querySelectorAll('form')]
              .filter(f => (f.getAttribute('method') || 'get').toLowerCase() === 'post')
              .map(f => new URL(f.action, location.href).pathname)
              .concat([...document.querySelectorAll('[hx-post],[hx-put],[hx-patch],[hx-delete]')]
                .map(e => e.getAttribute('hx-post') || e.getAttribute('hx-put') || e.getAttribute('hx-patch')
                          || e.getAttribute('hx-delete')))"""
    )
    return sorted(set(actions) - OPEN_TO_ALL)


def panels_overlap(tab) -> list:
    """Dashboard panels (or a table in one) that run into another panel or past their own edge."""
    return tab.evaluate(
        """() => {
          const boxes = [...document.querySelectorAll('.panel')].map(p => [p, p.getBoundingClientRect()]);
          const out = [];
          for (const [p, r] of boxes) {
            for (const el of p.querySelectorAll('.table-scroll, .chart-bars, .chart-series, .chart-empty')) {
              const q = el.getBoundingClientRect();
              if (q.left < r.left - 1 || q.right > r.right + 1) out.push(['past its panel', p.id, el.className]);
            }
            for (const [o, s] of boxes) {
              const apart = r.right - 1 <= s.left || s.right - 1 <= r.left
                || r.bottom - 1 <= s.top || s.bottom - 1 <= r.top;
              if (o !== p && !apart) out.push(['overlaps', p.id, o.id]);
            }
          }
          return out;
        }"""
    )


# --- The staff member: yesterday's call, its next step, done, undone -----------------------------


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_log_yesterdays_call_with_a_next_step_then_mark_it_done_and_undo(browser, team, language, viewport):
    context, tab, watch = new_tab(
        browser, team.url, language=language, viewport=PHONE if viewport == "phone" else DESKTOP,
        phone=viewport == "phone",
    )  # fmt: skip
    # A pitch of hers awaiting the editor's answer, due today: on her follow-ups with the answer buttons.
    awaiting = PitchFactory(
        op_ed=OpEdFactory(campaign=team.campaign, title="Aid corridors now", owner=team.staff),
        outlet=team.le_monde,
        pitched_on=timezone.localdate() - dt.timedelta(days=3),
        follow_up_on=timezone.localdate(),
    )
    try:
        sign_in(tab, watch, "nareh")
        assert tab.get_attribute("html", "lang") == language
        assert tab.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")

        tab.get_by_role("link", name=say(language, "Log outreach")).first.click()
        tab.locator("#id_summary").wait_for()
        watch.page_ok(tab)
        tab.fill("#id_contact_search", "svit")
        tab.get_by_role("button", name=re.compile("Svitlana Valko")).click()
        tab.locator("#contact-picker .chosen").wait_for()
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        tab.fill("#id_occurred_at", f"{yesterday.isoformat()}T15:30")
        tab.fill("#id_summary", "Called Svitlana: she will speak at the briefing")
        tab.fill("#id_next_step", "Send her the speaker notes")
        tab.fill("#id_follow_up_on", (timezone.localdate() + dt.timedelta(days=2)).isoformat())
        tab.get_by_role("button", name=say(language, "Save"), exact=True).click()
        tab.wait_for_url(re.compile(r"/outreach/contacts/\d+/$"))
        watch.page_ok(tab)
        closed = say(language, "The earlier next step “%(step)s” is closed.") % {"step": "Wait for her answer"}
        assert closed in tab.inner_text("main")

        logged = Interaction.objects.get(summary="Called Svitlana: she will speak at the briefing")
        assert timezone.localtime(logged.occurred_at).replace(tzinfo=None) == dt.datetime.combine(
            yesterday, dt.time(15, 30)
        )
        assert Interaction.objects.get(pk=team.earlier_step.pk).done

        nav(tab, language, "My follow-ups").click()
        row = tab.locator(f"#interaction-{logged.pk}")
        row.wait_for()
        watch.page_ok(tab)
        assert "Send her the speaker notes" in row.inner_text()
        assert "Wait for her answer" not in tab.inner_text("main")  # replaced by the new step

        row.get_by_role("button", name=say(language, "Done"), exact=True).click()
        row.get_by_role("button", name=say(language, "Undo"), exact=True).wait_for()
        assert Interaction.objects.get(pk=logged.pk).done
        row.get_by_role("button", name=say(language, "Undo"), exact=True).click()
        row.get_by_role("button", name=say(language, "Done"), exact=True).wait_for()
        watch.page_ok(tab)
        assert not Interaction.objects.get(pk=logged.pk).done

        # Not this week after all: snoozed, it leaves the list; the editor's yes is one click too.
        row.get_by_role("button", name=say(language, "Snooze 1 week"), exact=True).click()
        row.wait_for(state="detached")
        assert tab.get_by_role("status").filter(has_text="✓").count() == 1
        snoozed = Interaction.objects.get(pk=logged.pk)
        assert snoozed.snoozed_until == timezone.localdate() + dt.timedelta(days=7) and not snoozed.done
        pitch_row = tab.locator(f"#pitch-{awaiting.pk}")
        assert "Aid corridors now" in pitch_row.inner_text()
        pitch_row.get_by_role("button", name=say(language, "Editor accepted"), exact=True).click()
        pitch_row.wait_for(state="detached")
        watch.page_ok(tab)
        assert Pitch.objects.get(pk=awaiting.pk).status == Pitch.Status.ACCEPTED
    finally:
        context.close()


# --- The coordinator: an op-ed in three languages, pitched, answered, placed, re-saved -------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_coordinator_takes_an_op_ed_from_idea_to_placement_and_reads_the_dashboard(browser, team, language):
    context, tab, watch = new_tab(browser, team.url, language=language)
    try:
        ContactFactory(full_name="Thomas de Waal", email="tdw@example.org")  # a second author
        sign_in(tab, watch, "lead")
        nav(tab, language, "Op-eds").click()
        watch.page_ok(tab)

        versions = [
            ("en", "Two journalists call for peace", ""),
            ("fr", "Deux journalistes appellent à la paix", "Two journalists call for peace"),
            ("de", "Zwei Journalistinnen rufen zum Frieden auf", "Two journalists call for peace"),
        ]
        for code, title, original in versions:
            tab.get_by_role("link", name=say(language, "New op-ed"), exact=True).click()
            tab.locator("#id_title").wait_for()
            watch.page_ok(tab)
            tab.select_option("#id_campaign", label=team.campaign.name)
            tab.fill("#id_title", title)
            tab.select_option("#id_language", code)
            if original:  # a type-ahead among the campaigns' originals, shown as "title [language]"
                pick(tab, tab.locator("#id_version_of"), original, f"{original} [en]")
            else:  # its authors, from the address book: a type-ahead that keeps several
                pick(tab, tab.locator("#id_authors"), "Valko", re.compile("Svitlana Valko"))
                pick(tab, tab.locator("#id_authors"), "de Waal", re.compile("Thomas de Waal"))
                chosen = tab.locator("#id_authors-picker li").filter(has_text="Svitlana Valko")
                chosen.get_by_role("button", name=say(language, "Remove"), exact=True).click()
                tab.locator("#id_authors-picker .chosen", has_text="Svitlana Valko").wait_for(state="detached")
            tab.get_by_role("button", name=say(language, "Save"), exact=True).click()
            tab.wait_for_url(re.compile(r"/outreach/op-eds/$"))
            watch.page_ok(tab)
        english = OpEd.objects.get(title="Two journalists call for peace")
        assert list(english.authors.values_list("full_name", flat=True)) == ["Thomas de Waal"]
        french = OpEd.objects.get(title="Deux journalistes appellent à la paix")
        assert french.version_of.title == "Two journalists call for peace"
        assert set(french.version_of.language_versions.values_list("language", flat=True)) == {"fr", "de"}

        card = tab.locator(f"#oped-{french.pk}")
        card.get_by_role("link", name=say(language, "Record a pitch"), exact=True).click()
        tab.locator("#id_outlet").wait_for()
        watch.page_ok(tab)
        pick(tab, tab.locator("#id_outlet"), "Le Mon", re.compile("Le Monde"))  # thousands of outlets
        tab.select_option("#id_status", "pitched")
        tab.fill("#id_pitched_on", (timezone.localdate() - dt.timedelta(days=3)).isoformat())
        tab.get_by_role("button", name=say(language, "Save"), exact=True).click()
        tab.wait_for_url(re.compile(r"/outreach/op-eds/$"))
        watch.page_ok(tab)

        def open_pitch():
            tab.locator(f"#oped-{french.pk}").get_by_role("link", name="Le Monde", exact=True).click()
            tab.locator("#id_status").wait_for()
            watch.page_ok(tab)

        open_pitch()  # the editor said yes
        tab.select_option("#id_status", "accepted")
        tab.get_by_role("button", name=say(language, "Save"), exact=True).click()
        tab.wait_for_url(re.compile(r"/outreach/op-eds/$"))
        pitch = Pitch.objects.get(op_ed=french)
        assert pitch.status == Pitch.Status.ACCEPTED

        open_pitch()  # the piece ran
        address = "https://www.lemonde.example.org/idees/deux-journalistes-appellent-a-la-paix"
        tab.select_option("#id_status", "placed")
        tab.fill("#id_placement_url", address)
        tab.fill("#id_placement_date", (timezone.localdate() - dt.timedelta(days=1)).isoformat())
        tab.select_option("#id_placement_kind", "oped")
        tab.get_by_role("button", name=say(language, "Save"), exact=True).click()
        tab.wait_for_url(re.compile(r"/outreach/op-eds/$"))
        watch.page_ok(tab)
        assert Placement.objects.get(pitch=pitch).url == address

        open_pitch()  # re-opened: where it ran is shown, and an outcome can be added
        assert tab.input_value("#id_placement_url") == address
        tab.fill("#id_outcome", "Ran in the weekend edition; shared widely")
        tab.get_by_role("button", name=say(language, "Save"), exact=True).click()
        tab.wait_for_url(re.compile(r"/outreach/op-eds/$"))
        watch.page_ok(tab)
        pitch.refresh_from_db()
        assert pitch.status == Pitch.Status.PLACED and pitch.outcome == "Ran in the weekend edition; shared widely"
        assert Placement.objects.filter(pitch=pitch, url=address).count() == 1

        nav(tab, language, "Campaigns").click()
        tab.get_by_role("link", name=team.campaign.name, exact=True).click()
        watch.page_ok(tab)
        tab.get_by_role("link", name=say(language, "Dashboard"), exact=True).click()
        tab.locator("#placements").wait_for()
        watch.page_ok(tab)
        placements = tab.inner_text("#placements")
        assert "Deux journalistes appellent à la paix" in placements and address in placements
        assert panels_overlap(tab) == []
    finally:
        context.close()

    # The same dashboard on a phone: it fits the screen.
    context, tab, watch = new_tab(browser, team.url, language=language, phone=True)
    try:
        sign_in(tab, watch, "lead")
        tab.get_by_role("link", name=say(language, "Campaigns"), exact=True).first.click()
        tab.get_by_role("link", name=team.campaign.name, exact=True).click()
        tab.get_by_role("link", name=say(language, "Dashboard"), exact=True).click()
        tab.locator("#placements").wait_for()
        watch.page_ok(tab)
        assert panels_overlap(tab) == []
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


# --- The viewer: reads everything, is offered nothing they may not do ----------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_viewer_walks_the_campaign_sees_no_refused_control_and_an_edit_address_is_refused_politely(
    browser, team, language
):
    context, tab, watch = new_tab(browser, team.url, language=language, phone=True)
    try:
        sign_in(tab, watch, "watcher")
        assert tab.get_by_role("link", name=say(language, "Log outreach")).count() == 0
        assert refused_controls(tab) == []

        def visit(locator):
            locator.click()
            tab.wait_for_load_state("load")
            watch.page_ok(tab)
            assert refused_controls(tab) == [], tab.url
            assert tab.get_by_role("link", name=say(language, "Log outreach")).count() == 0, tab.url

        visit(tab.get_by_role("link", name=say(language, "Campaigns"), exact=True).first)
        visit(tab.get_by_role("link", name=team.campaign.name, exact=True))
        for name in ("Dashboard", "Results", "Quarterly update"):
            visit(tab.get_by_role("link", name=say(language, name), exact=True).first)
            tab.go_back()
        visit(tab.get_by_role("link", name=say(language, "Op-eds"), exact=True).first)
        assert tab.get_by_role("link", name=say(language, "Record a pitch")).count() == 0
        visit(tab.get_by_role("link", name="BBC World", exact=True))
        facts = tab.inner_text("dl.facts")
        assert "BBC World" in facts and say(language, "Placed") in facts
        visit(tab.get_by_role("link", name=say(language, "Media"), exact=True).first)

        # An address to an edit page (a bookmark, a colleague's link): the product's refusal page.
        edit = reverse("outreach:oped-edit", args=[team.op_ed.pk])
        watch.allow(edit, 403)
        response = tab.goto(edit)
        assert response.status == 403
        watch.page_ok(tab)
        assert tab.inner_text("h1") == say(language, "You cannot do this here")
        assert say(language, "Your role in this campaign is read-only.") in tab.inner_text("main")
        assert tab.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        tab.get_by_role("link", name=say(language, "Go to my follow-ups"), exact=True).click()
        tab.wait_for_url(re.compile(r"/$"))
        watch.page_ok(tab)
        assert OpEd.objects.get(pk=team.op_ed.pk).title == "Two journalists, two sides, one call"
    finally:
        context.close()


# --- Anyone signed in: alerted at once on an op-ed, then not -------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_viewer_asks_from_the_alerts_page_to_be_alerted_on_an_op_ed_then_stops(browser, team, language):
    context, tab, watch = new_tab(browser, team.url, language=language)
    try:
        sign_in(tab, watch, "watcher")
        nav(tab, language, "Alerts").click()
        tab.wait_for_load_state("load")
        watch.page_ok(tab)
        # A type-ahead: a person's campaigns can hold thousands of op-eds.
        pick(tab, tab.get_by_label(say(language, "Op-ed"), exact=True), "two sides", str(team.op_ed))
        tab.get_by_role("button", name=say(language, "Alert me"), exact=True).click()
        tab.wait_for_load_state("load")
        watch.page_ok(tab)
        assert say(language, "You will be alerted at once.") in tab.inner_text("main")
        chosen = AlertSubscription.objects.get(user=team.viewer)
        assert chosen.op_ed_id == team.op_ed.pk and chosen.campaign_id == team.campaign.pk
        row = tab.locator("li").filter(has_text=team.op_ed.title)
        row.get_by_role("button", name=say(language, "Stop alerts"), exact=True).click()
        tab.wait_for_load_state("load")
        watch.page_ok(tab)
        assert say(language, "Alert removed.") in tab.inner_text("main")
        assert not AlertSubscription.objects.filter(user=team.viewer).exists()
    finally:
        context.close()
