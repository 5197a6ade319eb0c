"""The signed links of a real invitation email work against the public RSVP page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from outreach.models import Invitation
from outreach.services.briefings import briefing_cancel
from outreach.services.invitations import invitations_create, invitations_send
from outreach.services.rsvp import LINK_SALT
from tests import factories as f
from tests.jobs.conftest import deliver_due

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/rsvp/[^/\s\"]+/)")


def links_from_email(smtp, contact) -> dict[str, str]:
    [received] = smtp.handler.by_recipient()[contact.email]
    text = received.text()
    found = {}
    for label, answer in [("Yes, I will attend", "accept"), ("No, I cannot attend", "decline"), ("Maybe", "maybe")]:
        line = next(line for line in text.splitlines() if line.startswith(label + ":"))
        found[answer] = LINK.search(line).group(1)
    return found


def form_token(response) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)


@pytest.fixture
def invited(smtp):
    briefing = f.BriefingFactory(title="Humanitarian access briefing")
    contact = f.ContactFactory(preferred_language="en")
    invitations_create(briefing=briefing, contacts=[contact], by=None)
    invitations_send(briefing=briefing, by=None)
    deliver_due()
    return briefing, contact, links_from_email(smtp, contact)


def answer(client, path, choice, token):
    return client.post(path, {"answer": choice, "form_token": token, "csrfmiddlewaretoken": csrf(client)})


def csrf(client) -> str:
    cookie = client.cookies.get("csrftoken")
    return cookie.value if cookie else ""


@pytest.fixture
def client():
    """A browser-like client: CSRF checks on, as for a partner's browser."""
    return Client(enforce_csrf_checks=True)


def test_accepting_from_the_email_link_records_the_answer(client, invited):
    _briefing, contact, links = invited
    page = client.get(links["accept"])
    assert page.status_code == 200 and b"Please confirm your answer" in page.content
    assert Invitation.objects.get(contact=contact).status == "invited"  # opening a link changes nothing
    done = answer(client, links["accept"], "accept", form_token(page))
    assert done.status_code == 200 and b"your answer is recorded" in done.content
    invitation = Invitation.objects.get(contact=contact)
    assert invitation.status == "accepted" and invitation.answered_at is not None


def test_the_partner_may_change_the_answer(client, invited):
    _briefing, contact, links = invited
    first = answer(client, links["accept"], "accept", form_token(client.get(links["accept"])))
    # The page after answering carries a fresh form; the decline link works as well.
    answer(client, links["accept"], "maybe", form_token(first))
    assert Invitation.objects.get(contact=contact).status == "tentative"
    answer(client, links["decline"], "decline", form_token(client.get(links["decline"])))
    assert Invitation.objects.get(contact=contact).status == "declined"


def test_reused_rsvp_form_changes_nothing(client, invited):
    _briefing, contact, links = invited
    stale = form_token(client.get(links["accept"]))
    answer(client, links["accept"], "accept", stale)
    answer(client, links["accept"], "decline", form_token(client.get(links["accept"])))
    before = Invitation.objects.get(contact=contact)
    replay = answer(client, links["accept"], "accept", stale)
    assert replay.status_code == 409 and b"already used" in replay.content
    after = Invitation.objects.get(contact=contact)
    assert (after.status, after.answered_at) == (before.status, before.answered_at) == ("declined", before.answered_at)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda path: path.replace("/rsvp/", "/rsvp/x"),
        lambda path: path[:-3] + ("A/" if path[-2] != "A" else "B/"),
        lambda path: "/rsvp/not-a-token/",
    ],
)
def test_tampered_rsvp_link_gets_a_clear_page_and_changes_nothing(client, invited, mangle):
    _briefing, contact, links = invited
    bad = mangle(links["accept"])
    page = client.get(bad)
    assert page.status_code == 400 and b"The link is not valid" in page.content
    client.get(links["accept"])  # a valid page first, for the CSRF cookie
    posted = client.post(bad, {"answer": "accept", "form_token": "x", "csrfmiddlewaretoken": csrf(client)})
    assert posted.status_code == 400
    assert Invitation.objects.get(contact=contact).status == "invited"


def test_a_link_signed_for_another_answer_cannot_be_forged(client, invited):
    _briefing, contact, links = invited
    token = links["accept"].split("/")[2]
    payload = signing.loads(token, salt=LINK_SALT)
    forged = signing.dumps({**payload, "a": "decline"}, salt="another salt")
    assert client.get(f"/rsvp/{forged}/").status_code == 400


def test_expired_rsvp_link_gets_a_clear_page_and_changes_nothing(client, invited):
    briefing, contact, links = invited
    token = form_token(client.get(links["accept"]))
    briefing.starts_at = timezone.now() - dt.timedelta(hours=3)
    briefing.ends_at = timezone.now() - dt.timedelta(hours=1)
    briefing.save()
    page = client.get(links["accept"])
    assert page.status_code == 410 and b"The briefing is over" in page.content
    assert answer(client, links["accept"], "accept", token).status_code == 410
    assert Invitation.objects.get(contact=contact).status == "invited"


def test_link_of_a_cancelled_briefing_changes_nothing(client, invited):
    briefing, contact, links = invited
    token = form_token(client.get(links["accept"]))
    briefing_cancel(briefing=briefing, by=None)
    assert answer(client, links["accept"], "accept", token).status_code == 410
    assert Invitation.objects.get(contact=contact).status == "invited"


def test_rsvp_page_speaks_the_partners_language(client, smtp):
    briefing = f.BriefingFactory()
    contact = f.ContactFactory(preferred_language="ar")
    invitations_create(briefing=briefing, contacts=[contact], by=None)
    invitations_send(briefing=briefing, by=None)
    deliver_due()
    [received] = smtp.handler.by_recipient()[contact.email]
    path = LINK.search(received.text()).group(1)
    page = client.get(path)
    assert page.status_code == 200
    assert 'dir="rtl"' in page.content.decode() and "نعم، سأحضر" in page.content.decode()


def calendar_link(page) -> str:
    return re.search(r'href="(/rsvp/[^"]+/calendar\.ics)"', page.content.decode()).group(1)


def test_the_rsvp_page_shows_the_briefing_and_marks_the_answer_already_given(client, invited):
    briefing, contact, links = invited
    briefing.agenda = "Ceasefire monitoring and humanitarian access"
    briefing.location = "Maison de la Paix, Geneva"
    briefing.time_zone = "Europe/Paris"
    briefing.starts_at = dt.datetime(2030, 11, 12, 14, 0, tzinfo=dt.UTC)  # 15:00 in Paris
    briefing.ends_at = dt.datetime(2030, 11, 12, 15, 30, tzinfo=dt.UTC)
    briefing.save()
    page = client.get(links["accept"]).content.decode()
    assert "Humanitarian access briefing" in page and "Ceasefire monitoring and humanitarian access" in page
    assert "Maison de la Paix, Geneva" in page and 'href="https://meet.example.org/briefing"' in page
    assert "Tuesday Nov. 12, 2030, 3 p.m. – 4:30 p.m." in re.sub(r"<[^>]+>", "", page)
    assert "Times are in the Europe/Paris time zone." in page and "That is 14:00–15:30 UTC." in page
    assert "chosen-answer" not in page  # nothing answered yet
    answer(client, links["accept"], "maybe", form_token(client.get(links["accept"])))
    again = client.get(links["decline"]).content.decode()
    chosen = re.findall(r'<button type="submit" name="answer" value="(\w+)" class="chosen-answer"', again)
    assert chosen == ["maybe"] and "The ticked answer is the one we have." in again


def test_the_calendar_download_is_the_same_event_as_the_emails(client, invited, smtp):
    briefing, contact, links = invited
    [received] = smtp.handler.by_recipient()[contact.email]
    emailed_uid = re.search(r"^UID:(.+)$", received.calendar(), re.M).group(1).strip()
    download = client.get(calendar_link(client.get(links["accept"])))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/calendar")
    assert download["Content-Disposition"] == 'attachment; filename="briefing.ics"'
    body = download.content.decode()
    assert re.search(r"^UID:(.+)$", body, re.M).group(1).strip() == emailed_uid == str(briefing.uid)
    assert "SUMMARY:Humanitarian access briefing" in body
    assert Invitation.objects.get(contact=contact).status == "invited"  # downloading answers nothing


def test_a_forged_calendar_link_gets_the_400_page(client, invited):
    _briefing, _contact, links = invited
    good = calendar_link(client.get(links["accept"]))
    response = client.get(good.replace("/rsvp/", "/rsvp/x"))
    assert response.status_code == 400 and b"The link is not valid" in response.content
    assert b"BEGIN:VCALENDAR" not in response.content


def test_a_finished_or_cancelled_briefing_gets_the_410_page_for_the_page_and_the_calendar(client, invited):
    briefing, contact, links = invited
    calendar = calendar_link(client.get(links["accept"]))
    briefing.starts_at = timezone.now() - dt.timedelta(hours=3)
    briefing.ends_at = timezone.now() - dt.timedelta(hours=1)
    briefing.save()
    finished = client.get(calendar)
    assert finished.status_code == 410 and b"The briefing is over, so answers are closed." in finished.content
    briefing.starts_at = timezone.now() + dt.timedelta(days=1)
    briefing.ends_at = briefing.starts_at + dt.timedelta(hours=1)
    briefing.save()
    briefing_cancel(briefing=briefing, by=None)
    for path in (links["accept"], calendar):
        page = client.get(path)
        assert page.status_code == 410 and b"The briefing was cancelled." in page.content
        assert b"Nothing was changed." in page.content
    assert Invitation.objects.get(contact=contact).status == "invited"
