"""A partner's email preferences: the signed page (no account, their language), RFC 8058 one-click
unsubscribe, and the rule that Parley never queues nor sends what they opted out of."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from django.test import Client
from django.utils import timezone

from outreach.models import EmailPreferenceChange, OutgoingEmail
from outreach.services.briefings import briefing_cancel, briefing_reschedule
from outreach.services.consent import preferences_token, preferences_url, unsubscribe_url
from outreach.services.invitations import (
    briefing_nudges_queue,
    briefing_reminders_queue,
    invitations_create,
    invitations_send,
)
from tests import factories as f
from tests.jobs.conftest import deliver_due

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver").removeprefix("http://127.0.0.1:8000")


def form_token(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def test_opening_the_page_changes_nothing_and_shows_the_choices_in_the_partners_language(client):
    contact = f.ContactFactory(full_name="Rana Haddad", preferred_language="ar")
    response = client.get(path_of(preferences_url(contact=contact, topic="reminders")))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ar" dir="rtl"' in html and "تفضيلات" in html
    assert html.count("checked data-topic") == 3
    assert not EmailPreferenceChange.objects.exists()


def test_the_partner_opts_out_of_reminders_only(client):
    contact = f.ContactFactory()
    url = path_of(preferences_url(contact=contact, topic="reminders"))
    token = form_token(client.get(url).content.decode())
    response = client.post(url, {"form_token": token, "invitations": "on", "updates": "on", "action": "save"})
    assert response.status_code == 200 and "your choices are saved" in response.content.decode()
    contact.refresh_from_db()
    assert (contact.email_invitations, contact.email_reminders, contact.email_updates) == (True, False, True)
    change = EmailPreferenceChange.objects.get()
    assert (change.source, change.by, change.after["reminders"]) == ("partner_form", None, False)
    assert contact.email_consent_source == "partner_form"


def test_stop_all_turns_every_topic_off(client):
    contact = f.ContactFactory()
    url = path_of(preferences_url(contact=contact))
    token = form_token(client.get(url).content.decode())
    client.post(url, {"form_token": token, "invitations": "on", "action": "stop_all"})
    contact.refresh_from_db()
    assert (contact.email_invitations, contact.email_reminders, contact.email_updates) == (False, False, False)


def test_a_form_submitted_twice_changes_nothing_the_second_time(client, caplog):
    contact = f.ContactFactory()
    url = path_of(preferences_url(contact=contact))
    token = form_token(client.get(url).content.decode())
    client.post(url, {"form_token": token, "action": "stop_all"})
    with caplog.at_level(logging.INFO, logger="outreach.services.consent"):
        replay = client.post(url, {"form_token": token, "invitations": "on", "reminders": "on", "updates": "on"})
    assert replay.status_code == 409 and "Nothing was changed." in replay.content.decode()
    contact.refresh_from_db()
    assert not contact.email_invitations and EmailPreferenceChange.objects.count() == 1
    assert "submitted again" in caplog.text


def test_a_tampered_link_is_refused_and_logged(client, caplog):
    contact = f.ContactFactory()
    token = preferences_token(contact=contact)
    tampered = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    with caplog.at_level(logging.WARNING, logger="outreach.services.consent"):
        assert client.get(f"/email/preferences/{tampered}/").status_code == 400
        assert client.post(f"/email/unsubscribe/{tampered}/", {"List-Unsubscribe": "One-Click"}).status_code == 400
    contact.refresh_from_db()
    assert contact.email_reminders and "tampered" in caplog.text


def test_a_link_for_an_address_parley_no_longer_has_changes_nothing(client, caplog):
    contact = f.ContactFactory(email="old@partner.example.org")
    url = path_of(unsubscribe_url(contact=contact, topic="reminders"))
    contact.email = "new@partner.example.org"
    contact.save()
    with caplog.at_level(logging.WARNING, logger="outreach.services.consent"):
        response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 404
    contact.refresh_from_db()
    assert contact.email_reminders and "no longer has" in caplog.text
    deleted = f.ContactFactory()
    url = path_of(unsubscribe_url(contact=deleted))
    deleted.delete()
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 404


def test_one_click_unsubscribe_needs_no_session_nor_csrf_and_get_changes_nothing():
    contact = f.ContactFactory()
    url = path_of(unsubscribe_url(contact=contact, topic="reminders"))
    client = Client(enforce_csrf_checks=True)
    assert client.get(url).status_code == 302
    assert client.post(url, {"something": "else"}).status_code == 400
    contact.refresh_from_db()
    assert contact.email_reminders
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    contact.refresh_from_db()
    assert (contact.email_invitations, contact.email_reminders) == (True, False)
    # Again (a mail client that retries): still 200, nothing more changes.
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert EmailPreferenceChange.objects.count() == 1


# --- Queueing rules -------------------------------------------------------------------------


def accepted_invitees(briefing, contacts):
    invitations_create(briefing=briefing, contacts=contacts, by=None)
    invitations_send(briefing=briefing, by=None)
    deliver_due()
    briefing.invitations.update(status="accepted", answered_at=timezone.now())


def test_reminders_and_nudges_skip_who_opted_out_of_them():
    soon = f.BriefingFactory(starts_at=timezone.now() + dt.timedelta(hours=10))
    keen, quiet = f.ContactFactory(), f.ContactFactory(email_reminders=False)
    accepted_invitees(soon, [keen, quiet])
    assert briefing_reminders_queue() == 1
    assert set(OutgoingEmail.objects.filter(kind="reminder").values_list("recipient", flat=True)) == {keen.email}
    later = f.BriefingFactory(starts_at=timezone.now() + dt.timedelta(days=2))
    silent = f.ContactFactory(email_reminders=False)
    invitations_create(briefing=later, contacts=[silent], by=None)
    invitations_send(briefing=later, by=None)
    deliver_due(now=timezone.now() - dt.timedelta(days=2))
    assert briefing_nudges_queue() == 0


def test_an_invitation_is_not_queued_to_who_opted_out_of_invitations():
    briefing = f.BriefingFactory()
    out = f.ContactFactory(email_invitations=False)
    invitations_create(briefing=briefing, contacts=[out], by=None)
    report = invitations_send(briefing=briefing, by=None)
    assert not report.queued and report.skipped[0][1] == "opted out of briefing invitations"
    assert not OutgoingEmail.objects.exists()


def test_news_of_a_briefing_they_accepted_is_transactional_and_still_sent():
    briefing = f.BriefingFactory()
    accepted, undecided = f.ContactFactory(), f.ContactFactory()
    invitations_create(briefing=briefing, contacts=[accepted, undecided], by=None)
    invitations_send(briefing=briefing, by=None)
    deliver_due()
    briefing.invitations.filter(contact=accepted).update(status="accepted", answered_at=timezone.now())
    for contact in (accepted, undecided):
        contact.email_invitations = contact.email_reminders = contact.email_updates = False
        contact.save()
    report = briefing_reschedule(briefing=briefing, by=None, location="Geneva")
    assert [i.contact for i in report.queued] == [accepted]
    assert report.skipped[0][0].contact == undecided
    report = briefing_cancel(briefing=briefing, by=None)
    assert [i.contact for i in report.queued] == [accepted]


def test_an_email_queued_before_the_partner_opted_out_is_withheld_when_it_would_leave():
    briefing = f.BriefingFactory()
    contact = f.ContactFactory()
    invitations_create(briefing=briefing, contacts=[contact], by=None)
    invitations_send(briefing=briefing, by=None, send_at=timezone.now() + dt.timedelta(hours=1))
    contact.email_invitations = False
    contact.save()
    assert deliver_due(now=timezone.now() + dt.timedelta(hours=2)) == {"failed": 1}
    email = OutgoingEmail.objects.get()
    assert email.last_error == "Not sent: opted out of briefing invitations"
