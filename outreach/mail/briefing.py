"""Rendering briefing emails (invitation, update, cancellation, reminder, nudge) into outbox drafts."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outreach.ics import briefing_ics
from outreach.mail.drafts import EmailDraft, one_line
from outreach.models import OutgoingEmail
from outreach.services.rsvp import rsvp_url

Kind = OutgoingEmail.Kind
EMAIL_LANGUAGE_CODES = {"en", "fr", "ar"}


def _subject(kind: str, title: str) -> str:
    subjects = {
        Kind.INVITATION: _("Invitation: %(title)s"),
        Kind.UPDATE: _("Updated: %(title)s"),
        Kind.CANCELLATION: _("Cancelled: %(title)s"),
        Kind.REMINDER: _("Reminder: %(title)s"),
        Kind.NUDGE: _("Will you join us? %(title)s"),
    }
    return subjects[kind] % {"title": one_line(title)}


def _language(contact) -> str:
    return contact.preferred_language if contact.preferred_language in EMAIL_LANGUAGE_CODES else "en"


def briefing_email_stub(*, kind: str, invitation, dedupe_key: str) -> EmailDraft:
    """The outbox row of a briefing email before rendering (rendered when sent)."""
    contact = invitation.contact
    return EmailDraft(
        kind=kind,
        dedupe_key=dedupe_key,
        recipient=contact.email,
        recipient_name=contact.full_name,
        language=_language(contact),
        invitation_id=invitation.pk,
    )


def briefing_email_draft(*, kind: str, invitation, dedupe_key: str, now=None) -> EmailDraft:
    """The email of ``kind`` for one invitee, in their preferred language, with the calendar entry."""
    briefing, contact = invitation.briefing, invitation.contact
    language = _language(contact)
    method = "CANCEL" if kind == Kind.CANCELLATION else "REQUEST"
    with translation.override(language), timezone.override(briefing.tzinfo):
        context = {
            "kind": kind,
            "briefing": briefing,
            "contact_name": one_line(contact.full_name, limit=200),
            "starts_at": timezone.localtime(briefing.starts_at, briefing.tzinfo),
            "ends_at": timezone.localtime(briefing.ends_at, briefing.tzinfo),
            "time_zone": briefing.time_zone,
            "links": None
            if kind == Kind.CANCELLATION
            else {answer: rsvp_url(invitation=invitation, answer=answer) for answer in ("accept", "decline", "maybe")},
            "LANGUAGE_BIDI": translation.get_language_bidi(),
            "LANGUAGE_CODE": language,
        }
        subject = _subject(kind, briefing.title)
        body_text = render_to_string("outreach/email/briefing.txt", context)
        body_html = render_to_string("outreach/email/briefing.html", context)
    ics = briefing_ics(
        briefing=briefing, attendee_email=contact.email, attendee_name=contact.full_name, method=method, now=now
    )
    return EmailDraft(
        kind=kind,
        dedupe_key=dedupe_key,
        recipient=contact.email,
        recipient_name=contact.full_name,
        language=language,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        attachments=(
            {
                "filename": "briefing.ics",
                "content": ics,
                "mimetype": f"text/calendar; method={method}; charset=utf-8",
            },
        ),
        invitation_id=invitation.pk,
    )
