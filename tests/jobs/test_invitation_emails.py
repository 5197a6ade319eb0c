"""Briefing invitations through Django's SMTP backend to a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from icalendar import Calendar

from outreach.models import Briefing, Invitation, OutgoingEmail
from outreach.services.briefings import briefing_cancel, briefing_reschedule
from outreach.services.invitations import (
    invitations_create,
    invitations_nudge_organisation,
    invitations_send,
)
from tests import factories as f
from tests.jobs.conftest import deliver_due

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver/rsvp/[^/\s\"]+/")


def invite(briefing, contacts, by=None):
    invitations_create(briefing=briefing, contacts=contacts, by=by)
    return invitations_send(briefing=briefing, by=by)


def only_calendar(received) -> Calendar:
    calendar = Calendar.from_ical(received.calendar())
    return calendar


def event_of(calendar: Calendar):
    return next(component for component in calendar.walk("VEVENT"))


def test_each_partner_gets_one_invitation_in_their_language_with_calendar_and_links(smtp):
    briefing = f.BriefingFactory(title="Ceasefire briefing", location="Paris office", agenda="Two speakers")
    people = {
        "en": f.ContactFactory(full_name="Anna Smith", preferred_language="en"),
        "fr": f.ContactFactory(full_name="Luc Martin", preferred_language="fr"),
        "ar": f.ContactFactory(full_name="Rana Haddad", preferred_language="ar"),
    }
    report = invite(briefing, people.values())
    assert len(report.queued) == 3 and not report.skipped
    assert deliver_due() == {"sent": 3}

    by_rcpt = smtp.handler.by_recipient()
    expectations = {
        "en": ("Invitation: Ceasefire briefing", "You are invited to the briefing", "Yes, I will attend"),
        "fr": ("Invitation : Ceasefire briefing", "Vous êtes invité", "Oui, je participerai"),
        "ar": ("دعوة: Ceasefire briefing", "أنتم مدعوون", "نعم، سأحضر"),
    }
    for language, contact in people.items():
        [received] = by_rcpt[contact.email]
        message = received.message
        subject, sentence, accept_label = expectations[language]
        assert message["Subject"] == subject
        assert message["Content-Language"] == language
        assert sentence in received.text() and sentence in received.html()
        assert accept_label in received.html()
        if language == "ar":
            assert 'dir="rtl"' in received.html()
        calendar = only_calendar(received)
        assert str(calendar["METHOD"]) == "REQUEST"
        event = event_of(calendar)
        assert str(event["UID"]) == str(briefing.uid)
        assert int(event["SEQUENCE"]) == 0
        assert event.decoded("DTSTART") == briefing.starts_at.replace(microsecond=0)
        assert str(event["ATTENDEE"]) == f"mailto:{contact.email}"
        links = LINK.findall(received.text())
        assert len(links) == 3
    invitation = Invitation.objects.get(contact=people["fr"])
    assert invitation.sent_at is not None


def test_contacts_without_a_usable_address_are_reported_and_the_rest_sent(smtp):
    briefing = f.BriefingFactory()
    good = f.ContactFactory()
    nobody = f.ContactFactory(email="")
    broken = f.ContactFactory(email="not-an-address")
    report = invite(briefing, [good, nobody, broken])
    assert [i.contact for i in report.queued] == [good]
    assert {(i.contact.pk, reason) for i, reason in report.skipped} == {
        (nobody.pk, "no email address"),
        (broken.pk, "invalid email address"),
    }
    deliver_due()
    assert list(smtp.handler.by_recipient()) == [good.email]


def test_sending_twice_queues_and_delivers_each_invitation_once(smtp):
    briefing = f.BriefingFactory()
    contacts = f.ContactFactory.create_batch(3)
    invite(briefing, contacts)
    again = invitations_send(briefing=briefing, by=None)
    assert not again.queued and len(again.already_sent) == 3
    deliver_due()
    deliver_due()
    assert sorted(len(v) for v in smtp.handler.by_recipient().values()) == [1, 1, 1]


def test_header_injection_through_names_and_titles_is_impossible(smtp):
    briefing = f.BriefingFactory(title="Briefing\r\nBcc: victim@evil.example\r\nX-Injected: yes")
    contact = f.ContactFactory(full_name="Eve\nBcc: other@evil.example", email="eve@partner.example.org")
    report = invite(briefing, [contact])
    assert len(report.queued) == 1
    assert deliver_due() == {"sent": 1}
    [received] = smtp.handler.received
    assert received.rcpt_tos == ["eve@partner.example.org"]
    message = received.message
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert message["Subject"] == "Invitation: Briefing Bcc: victim@evil.example X-Injected: yes"
    assert "\n" not in OutgoingEmail.objects.get().subject


def test_an_injected_address_is_never_queued():
    briefing = f.BriefingFactory()
    # The unique-email constraint does not check syntax, so a bad row can exist.
    contact = f.ContactFactory(email="a@partner.example.org\nBcc: victim@evil.example")
    report = invite(briefing, [contact])
    assert report.skipped and not report.queued
    assert OutgoingEmail.objects.count() == 0


def test_moving_a_briefing_sends_the_same_uid_with_a_higher_sequence(smtp):
    briefing = f.BriefingFactory()
    contacts = f.ContactFactory.create_batch(2)
    invite(briefing, contacts)
    deliver_due()
    declined = Invitation.objects.get(contact=contacts[1])
    declined.status, declined.answered_at = Invitation.Status.DECLINED, declined.created_at
    declined.save()
    new_start = briefing.starts_at + dt.timedelta(days=1)
    report = briefing_reschedule(
        briefing=briefing, by=None, starts_at=new_start, ends_at=new_start + dt.timedelta(hours=2)
    )
    assert [i.contact for i in report.queued] == [contacts[0]]
    deliver_due()
    [first, update] = smtp.handler.by_recipient()[contacts[0].email]
    event = event_of(only_calendar(update))
    assert str(event["UID"]) == str(briefing.uid) and int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == new_start.replace(microsecond=0)
    assert update.message["Subject"].startswith("Updated:")
    assert len(smtp.handler.by_recipient()[contacts[1].email]) == 1
    # Saving the same time again is not a change: no new sequence, no email.
    briefing.refresh_from_db()
    assert not briefing_reschedule(briefing=briefing, by=None, starts_at=new_start).queued
    assert Briefing.objects.get(pk=briefing.pk).sequence == 1


def test_cancelling_sends_a_calendar_cancel_and_withdraws_unsent_emails(smtp):
    briefing = f.BriefingFactory()
    reached, late = f.ContactFactory(), f.ContactFactory()
    invite(briefing, [reached])
    deliver_due()
    invite(briefing, [late])  # queued, not yet sent when the briefing is cancelled
    report = briefing_cancel(briefing=briefing, by=None)
    assert [i.contact for i in report.queued] == [reached]
    deliver_due()
    [_invitation, cancel] = smtp.handler.by_recipient()[reached.email]
    calendar = only_calendar(cancel)
    assert str(calendar["METHOD"]) == "CANCEL"
    event = event_of(calendar)
    assert str(event["UID"]) == str(briefing.uid) and int(event["SEQUENCE"]) == 1
    assert str(event["STATUS"]) == "CANCELLED"
    assert late.email not in smtp.handler.by_recipient()
    withdrawn = OutgoingEmail.objects.get(recipient=late.email)
    assert withdrawn.status == "failed" and "cancelled" in withdrawn.last_error


def test_staff_nudge_reaches_only_the_non_responders_of_one_organisation(smtp):
    briefing = f.BriefingFactory()
    organisation = f.OrganisationFactory()
    silent = f.ContactFactory(organisation=organisation)
    answered = f.ContactFactory(organisation=organisation)
    elsewhere = f.ContactFactory()
    invite(briefing, [silent, answered, elsewhere])
    deliver_due()
    Invitation.objects.filter(contact=answered).update(status="accepted", answered_at=briefing.created_at)
    report = invitations_nudge_organisation(briefing=briefing, organisation_id=organisation.pk, by=None)
    again = invitations_nudge_organisation(briefing=briefing, organisation_id=organisation.pk, by=None)
    assert [i.contact for i in report.queued] == [silent] and not again.queued
    deliver_due()
    by_rcpt = smtp.handler.by_recipient()
    assert [m.message["Subject"].split(" ")[0] for m in by_rcpt[silent.email]] == ["Invitation:", "Will"]
    assert len(by_rcpt[answered.email]) == 1 and len(by_rcpt[elsewhere.email]) == 1


def test_a_cancelled_or_finished_briefing_sends_nothing():
    cancelled = f.BriefingFactory(status=Briefing.Status.CANCELLED)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        invite(cancelled, [f.ContactFactory()])
    assert OutgoingEmail.objects.count() == 0
    assert uuid.UUID(str(cancelled.uid))


def test_invitations_scheduled_for_later_wait_in_the_outbox_until_then(smtp):
    from outreach.mail.sweep import outbox_sweep

    briefing = f.BriefingFactory()
    contact = f.ContactFactory()
    invitations_create(briefing=briefing, contacts=[contact], by=None)
    now = briefing.starts_at - dt.timedelta(days=5)
    send_at = now + dt.timedelta(days=2)
    report = invitations_send(briefing=briefing, by=None, now=now, send_at=send_at)
    assert len(report.queued) == 1
    assert outbox_sweep(now=send_at - dt.timedelta(minutes=1))["published"] == 0
    assert deliver_due(now) == {}
    assert outbox_sweep(now=send_at)["published"] == 1
    assert deliver_due(send_at) == {"sent": 1}
    assert list(smtp.handler.by_recipient()) == [contact.email]


def test_invitations_cannot_be_scheduled_after_the_start():
    from django.core.exceptions import ValidationError

    briefing = f.BriefingFactory()
    invitations_create(briefing=briefing, contacts=[f.ContactFactory()], by=None)
    with pytest.raises(ValidationError):
        invitations_send(briefing=briefing, by=None, send_at=briefing.starts_at)
    assert OutgoingEmail.objects.count() == 0
