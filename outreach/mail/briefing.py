"""Rendering briefing emails (invitation, update, cancellation, reminder, nudge) into outbox drafts.

Every one of them is a partner's email: it carries a visible link to the partner's signed email
preferences page (and List-Unsubscribe headers, added when sent: outreach/mail/send.py).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from email.utils import formataddr

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outreach.ics import briefing_ics
from outreach.mail.drafts import EmailDraft, address_is_valid, one_line
from outreach.models import Contact, Invitation, OutgoingEmail
from outreach.services.consent import email_topic, preferences_url
from outreach.services.rsvp import rsvp_url

Kind = OutgoingEmail.Kind
EMAIL_LANGUAGE_CODES = {"en", "fr", "ar"}
NOTE_MAX_LENGTH = 1000


def _subject(kind: str, title: str) -> str:
    subjects = {
        Kind.INVITATION: _("Invitation: %(title)s"),
        Kind.UPDATE: _("Updated: %(title)s"),
        Kind.CANCELLATION: _("Cancelled: %(title)s"),
        Kind.REMINDER: _("Reminder: %(title)s"),
        Kind.NUDGE: _("Will you join us? %(title)s"),
    }
    return subjects[kind] % {"title": one_line(title)}


def email_language(contact) -> str:
    return contact.preferred_language if contact.preferred_language in EMAIL_LANGUAGE_CODES else "en"


def briefing_reply_to(briefing) -> str:
    """Replies go to the coordinator of the briefing's campaign (EMAIL_REPLY_TO overrides it when sent)."""
    coordinator = briefing.campaign.coordinator
    if coordinator is None or not address_is_valid(coordinator.email):
        return ""
    return formataddr((one_line(str(coordinator.get_full_name() or coordinator), limit=100), coordinator.email))


def briefing_email_stub(*, kind: str, invitation, dedupe_key: str, note: str = "", reply_to: str = "") -> EmailDraft:
    """The outbox row of a briefing email before rendering (rendered when sent)."""
    contact = invitation.contact
    return EmailDraft(
        reply_to=reply_to,
        kind=kind,
        dedupe_key=dedupe_key,
        recipient=contact.email,
        recipient_name=contact.full_name,
        language=email_language(contact),
        invitation_id=invitation.pk,
        note=note,
    )


def sample_contact(*, like: Contact | None = None, language: str = "en") -> Contact:
    """An unsaved contact for previews and test emails: its preferences links lead nowhere."""
    return Contact(
        full_name=like.full_name if like else _("Partner name"),
        email=like.email if like else "partner@example.org",
        preferred_language=language,
    )


def sample_invitation(*, briefing, like: Contact | None = None, language: str = "en") -> Invitation:
    """An unsaved invitation for previews and test emails: its answer links lead nowhere."""
    return Invitation(briefing=briefing, contact=sample_contact(like=like, language=language), public_id=uuid.uuid4())


def briefing_email_draft(*, kind: str, invitation, dedupe_key: str, now=None, note: str = "") -> EmailDraft:
    """The email of ``kind`` for one invitee, in their preferred language, with the calendar entry."""
    briefing, contact = invitation.briefing, invitation.contact
    language = email_language(contact)
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
            "note": (note or "").strip()[:NOTE_MAX_LENGTH],
            "preferences_url": preferences_url(contact=contact, topic=email_topic(kind) or ""),
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
        note=note,
    )


@dataclass
class InvitationPreview:
    language: str
    invitees: int  # how many invitees read this language
    sample_name: str
    subject: str
    body_html: str  # the inside of <body>, to show on the briefing page
    body_text: str
    calendar: str


def invitee_languages(briefing) -> dict[str, tuple[Invitation, int]]:
    """Each email language among the invitees who take invitations: its first invitee (by name) and how many."""
    first: dict[str, Invitation] = {}
    counts: dict[str, int] = {}
    invitations = briefing.invitations.filter(contact__email_invitations=True).select_related("contact")
    for invitation in invitations.order_by("contact__full_name"):
        language = email_language(invitation.contact)
        first.setdefault(language, invitation)
        counts[language] = counts.get(language, 0) + 1
    return {language: (first[language], counts[language]) for language in sorted(first)}


def invitation_previews(*, briefing, notes: dict[str, str], now=None) -> list[InvitationPreview]:
    """The invitation as each language's invitees will get it (with the note of that language);
    rendered for an unsaved copy of the first invitee, so no link in a preview does anything."""
    languages = invitee_languages(briefing) or {"en": (None, 0)}
    previews = []
    for language, (invitation, count) in languages.items():
        like = invitation.contact if invitation else None
        sample = sample_invitation(briefing=briefing, like=like, language=language)
        draft = briefing_email_draft(
            kind=Kind.INVITATION, invitation=sample, dedupe_key="preview", now=now, note=notes.get(language, "")
        )
        body = re.search(r"<body[^>]*>(.*)</body>", draft.body_html, re.S)
        previews.append(
            InvitationPreview(
                language=language,
                invitees=count,
                sample_name=sample.contact.full_name,
                subject=draft.subject,
                body_html=body.group(1) if body else draft.body_html,
                body_text=draft.body_text,
                calendar=draft.attachments[0]["content"],
            )
        )
    return previews
