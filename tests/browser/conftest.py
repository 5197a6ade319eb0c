"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright's sync API against
pytest-django's live server. Skipped with the reason on a laptop without Chromium; CI=true fails instead."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone

from campaigns.models import Membership
from tests.conftest import service_missing
from tests.factories import (
    BriefingFactory,
    CampaignFactory,
    ContactFactory,
    InteractionFactory,
    MembershipFactory,
    OpEdFactory,
    OrganisationFactory,
    OutletFactory,
    PitchFactory,
    PlacementFactory,
    UserFactory,
)

CHROMIUM = os.environ.get("PARLEY_CHROMIUM", "/usr/bin/chromium")
AXE_PATH = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "pw"


@pytest.fixture(scope="module")
def browser(tmp_path_factory, async_unsafe_allowed):
    """One Chromium per module: its event loop must not outlive the browser tests."""
    if not (Path(CHROMIUM).exists() and shutil.which(CHROMIUM)):
        service_missing(f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    home = tmp_path_factory.mktemp("chromium-home")
    saved = {k: os.environ.get(k) for k in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield instance
        instance.close()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="module")
def async_unsafe_allowed():
    # Playwright's sync API runs an event loop in this thread while the browser is open; the ORM
    # calls of the test and of the database fixtures are still synchronous (see STACK-NOTES.md).
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if saved is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@dataclass
class Demo:
    campaign: object
    staff: object
    contact: object
    organisation: object
    partner: object
    partner_contacts: list
    op_ed: object
    pitch: object
    interaction: object
    briefing: object


@pytest.fixture
def demo(browser, transactional_db) -> Demo:
    campaign = CampaignFactory(name="Nagorno-Karabakh emergency response", slug="nk")
    campaign.exit_criteria = "If the ceasefire holds, we exit the emergency response."
    campaign.save()
    staff = UserFactory(username="nareh", first_name="Nareh", last_name="Staff")
    MembershipFactory(user=staff, campaign=campaign, role=Membership.Role.STAFF)
    organisation = OrganisationFactory(name="International Partnership on Human Rights", is_partner=True)
    contact = ContactFactory(full_name="Svitlana Valko", organisation=organisation, email="sv@iphr.example.org")
    partner = OrganisationFactory(name="Conciliation Resources", is_partner=True)
    partner_contacts = [
        ContactFactory(full_name="Anna Petrosyan", organisation=partner),
        ContactFactory(full_name="Leyla Aliyeva", organisation=partner),
    ]
    op_ed = OpEdFactory(campaign=campaign, title="Two journalists call for peace", owner=staff)
    pitch = PitchFactory(
        op_ed=op_ed,
        outlet=OutletFactory(name="Le Monde", country="FR", language="fr"),
        owner=staff,
        pitched_on=timezone.localdate() - dt.timedelta(days=4),
    )
    interaction = InteractionFactory(
        campaign=campaign,
        contact=contact,
        logged_by=staff,
        summary="Asked Svitlana to speak at the briefing",
        next_step="Send her the agenda",
        follow_up_on=timezone.localdate(),
    )
    briefing = BriefingFactory(campaign=campaign, title="Global partner briefing")
    PlacementFactory(campaign=campaign, title="Comment on BBC World")
    return Demo(campaign, staff, contact, organisation, partner, partner_contacts, op_ed, pitch, interaction, briefing)


def sign_in(page, username: str = "nareh", password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    # Evaluated through the DevTools protocol, not as a script tag: the page's CSP (no inline or
    # foreign script) stays in force for everything the page itself does.
    page.evaluate(AXE_PATH.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]
