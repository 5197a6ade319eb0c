"""Inviting contacts to briefings, emailing them, and recording their answers and attendance.

Creating, moving and cancelling a briefing: outreach/services/briefings.py (which queues its
emails with the helpers here).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from config.audit import audited
from outreach.mail.briefing import (
    NOTE_MAX_LENGTH,
    briefing_email_draft,
    briefing_email_stub,
    briefing_reply_to,
    email_language,
    invitee_languages,
    sample_invitation,
)
from outreach.mail.drafts import address_is_valid
from outreach.mail.queue import emails_queue
from outreach.models import Briefing, Contact, Invitation, OutgoingEmail
from outreach.services.consent import active_suppressions, email_blocked_reason
from outreach.services.rsvp import ANSWER_CLOSED, invitation_answer_closed, invitation_answer_write


@dataclass
class InvitationBatch:
    created: list[Invitation] = field(default_factory=list)
    already_invited: list[Contact] = field(default_factory=list)


@audited
@transaction.atomic
def invitations_create(*, briefing: Briefing, contacts: Iterable[Contact], by) -> InvitationBatch:
    """Invite each contact once; contacts already invited are reported, not invited again."""
    batch = InvitationBatch()
    # Lock the briefing so two people inviting the same partners at once cannot both insert.
    Briefing.objects.select_for_update().filter(pk=briefing.pk).first()
    invited = set(Invitation.objects.filter(briefing=briefing).values_list("contact_id", flat=True))
    seen: set[int] = set()
    for contact in contacts:
        if contact.pk in invited:
            batch.already_invited.append(contact)
        elif contact.pk not in seen:
            seen.add(contact.pk)
            batch.created.append(Invitation(briefing=briefing, contact=contact, invited_by=by))
    batch.created = Invitation.objects.bulk_create(batch.created)
    return batch


# --- Sending invitations and keeping invitees informed --------------------------------------
# Every email below is an outbox row queued in the same transaction as the action, with a
# key that makes a second queueing impossible (see outreach/mail/).


@dataclass
class SendReport:
    queued: list[Invitation] = field(default_factory=list)
    already_sent: list[Invitation] = field(default_factory=list)
    # (invitation, reason) for contacts Parley does not email: no or an invalid address, a
    # suppressed address (hard bounce, complaint), or opted out of this kind of email.
    skipped: list[tuple[Invitation, str]] = field(default_factory=list)


def _invalid_address_reason(contact: Contact) -> str | None:
    if not contact.email:
        return _("no email address")
    if not address_is_valid(contact.email):
        return _("invalid email address")
    return None


def briefing_emails_queue(*, invitations, kind: str, key, now, send_at=None, notes=None) -> SendReport:
    """Queue one briefing email of ``kind`` per invitee, keyed by ``key(invitation)`` so it is queued once.

    Never queued: an email to a suppressed address or of a kind the contact opted out of (unless it
    is transactional: outreach/services/consent.py); those invitees are reported in ``skipped``.
    ``notes`` is the coordinator's personal note per language code.
    """
    report, drafts, by_key, reply_to = SendReport(), [], {}, {}
    invitations = list(invitations)
    suppressions = active_suppressions(invitation.contact.email for invitation in invitations)
    for invitation in invitations:
        contact = invitation.contact
        reason = _invalid_address_reason(contact) or email_blocked_reason(
            contact=contact, kind=kind, invitation=invitation, suppressions=suppressions
        )
        if reason:
            report.skipped.append((invitation, reason))
            continue
        dedupe_key = key(invitation)
        by_key[dedupe_key] = invitation
        if invitation.briefing_id not in reply_to:
            reply_to[invitation.briefing_id] = briefing_reply_to(invitation.briefing)
        drafts.append(
            briefing_email_stub(
                kind=kind,
                invitation=invitation,
                dedupe_key=dedupe_key,
                note=(notes or {}).get(email_language(contact), ""),
                reply_to=reply_to[invitation.briefing_id],
            )
        )
    queued_keys = {row.dedupe_key for row in emails_queue(drafts, now=now, send_at=send_at)}
    for dedupe_key, invitation in by_key.items():
        (report.queued if dedupe_key in queued_keys else report.already_sent).append(invitation)
    return report


def briefing_lock_open(briefing: Briefing, now) -> Briefing:
    """The briefing, locked; refused when it is cancelled or over."""
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if briefing.status == Briefing.Status.CANCELLED:
        raise ValidationError(_("This briefing is cancelled."))
    if briefing.ends_at <= now:
        raise ValidationError(_("This briefing is over."))
    return briefing


def clean_notes(notes: dict | None) -> dict[str, str]:
    """The personal notes of a round, per email language; refused when one is too long."""
    cleaned = {}
    for language, note in (notes or {}).items():
        note = (note or "").strip().replace("\r\n", "\n")
        if language not in {"en", "fr", "ar"}:
            raise ValidationError({"notes": _("Personal notes are written in English, French or Arabic.")})
        if len(note) > NOTE_MAX_LENGTH:
            raise ValidationError(
                {"notes": _("Keep each personal note under %(limit)d characters.") % {"limit": NOTE_MAX_LENGTH}}
            )
        if note:
            cleaned[language] = note
    return cleaned


@audited
@transaction.atomic
def invitations_send(
    *, briefing: Briefing, by, invitations: Iterable[Invitation] | None = None, now=None, send_at=None, notes=None
) -> SendReport:
    """Queue the invitation email (with its calendar entry) to each invitee, once ever.

    Contacts Parley does not email (no or an invalid address, suppressed, opted out of invitations)
    are reported in ``skipped``, not fatal. With ``send_at`` the emails wait in the outbox until
    then (the sweep sends them). ``notes``: the coordinator's personal note per language.
    """
    now = now or timezone.now()
    notes = clean_notes(notes)
    briefing = briefing_lock_open(briefing, now)
    if send_at is not None and send_at >= briefing.starts_at:
        raise ValidationError(_("Invitations must be sent before the briefing starts."))
    rows = Invitation.objects.filter(briefing=briefing).select_related("contact", "briefing__campaign__coordinator")
    rows = rows.order_by("pk")
    if invitations is not None:
        rows = rows.filter(pk__in=[invitation.pk for invitation in invitations])
    report = briefing_emails_queue(
        invitations=rows,
        kind=OutgoingEmail.Kind.INVITATION,
        key=lambda i: f"invitation:{i.pk}:invitation",
        now=now,
        send_at=send_at,
        notes=notes,
    )
    if briefing.status == Briefing.Status.DRAFT and report.queued:
        Briefing.objects.filter(pk=briefing.pk).update(status=Briefing.Status.SCHEDULED, updated_at=now)
    return report


@audited
@transaction.atomic
def invitation_test_send(*, briefing: Briefing, by, notes=None, now=None) -> list[OutgoingEmail]:
    """Email the coordinator the invitation as each language's invitees will get it (one email per
    language, through the outbox), before sending it to partners. Its links lead nowhere."""
    now = now or timezone.now()
    notes = clean_notes(notes)
    briefing = briefing_lock_open(briefing, now)
    briefing = Briefing.objects.select_related("campaign__coordinator").get(pk=briefing.pk)
    if by is None or not address_is_valid(by.email or ""):
        raise ValidationError(_("Your account has no valid email address to send the test to."))
    languages = invitee_languages(briefing) or {by.language if by.language in {"en", "fr", "ar"} else "en": (None, 0)}
    drafts = []
    for language, (invitation, _count) in languages.items():
        sample = sample_invitation(
            briefing=briefing, like=invitation.contact if invitation else None, language=language
        )
        sample.contact.email = by.email  # the calendar entry names the tester, not a partner
        draft = briefing_email_draft(
            kind=OutgoingEmail.Kind.INVITATION,
            invitation=sample,
            dedupe_key=f"test:briefing:{briefing.pk}:{uuid.uuid4().hex}",
            now=now,
            note=notes.get(language, ""),
        )
        drafts.append(
            replace(
                draft,
                kind=OutgoingEmail.Kind.TEST,
                recipient=by.email,
                recipient_name=str(by),
                subject=_("[Test] %(subject)s") % {"subject": draft.subject},
                invitation_id=None,
                user_id=by.pk,
                reply_to=briefing_reply_to(briefing),
            )
        )
    return emails_queue(drafts, now=now)


def invitations_reached(briefing: Briefing, *, statuses=None):
    """Invitations whose invitation email was queued and not failed (or in ``statuses``)."""
    emails = OutgoingEmail.objects.filter(invitation=OuterRef("pk"), kind=OutgoingEmail.Kind.INVITATION)
    emails = emails.filter(status__in=statuses) if statuses else emails.exclude(status=OutgoingEmail.Status.FAILED)
    return (
        Invitation.objects.filter(briefing=briefing)
        .filter(Exists(emails))
        .select_related("contact", "briefing__campaign__coordinator")
        .order_by("pk")
    )


def _upcoming(now, within):
    return Briefing.objects.filter(status=Briefing.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + within)


def briefing_reminders_queue(*, now=None) -> int:
    """Queue the reminder to accepted invitees of briefings starting within BRIEFING_REMINDER_HOURS."""
    now = now or timezone.now()
    count = 0
    for briefing in _upcoming(now, dt.timedelta(hours=settings.BRIEFING_REMINDER_HOURS)):
        with transaction.atomic():
            invitees = invitations_reached(briefing).filter(status=Invitation.Status.ACCEPTED)
            report = briefing_emails_queue(
                invitations=invitees,
                kind=OutgoingEmail.Kind.REMINDER,
                key=lambda i, b=briefing: f"invitation:{i.pk}:reminder:{b.sequence}",
                now=now,
            )
            count += len(report.queued)
    return count


def briefing_nudges_queue(*, now=None) -> int:
    """One nudge to invitees without an answer, BRIEFING_NUDGE_DAYS before the briefing.

    Only invitees whose invitation reached the mail server a day ago or more are nudged.
    """
    now = now or timezone.now()
    count = 0
    for briefing in _upcoming(now, dt.timedelta(days=settings.BRIEFING_NUDGE_DAYS)):
        with transaction.atomic():
            # Only those who have had the invitation for a day: a late invitee is not nudged at once.
            delivered_a_day_ago = OutgoingEmail.objects.filter(
                invitation=OuterRef("pk"),
                kind=OutgoingEmail.Kind.INVITATION,
                status=OutgoingEmail.Status.SENT,
                sent_at__lte=now - dt.timedelta(days=1),
            )
            invitees = Invitation.objects.filter(briefing=briefing, status=Invitation.Status.INVITED)
            invitees = invitees.filter(Exists(delivered_a_day_ago)).select_related(
                "contact", "briefing__campaign__coordinator"
            )
            invitees = invitees.order_by("pk")
            report = briefing_emails_queue(
                invitations=invitees,
                kind=OutgoingEmail.Kind.NUDGE,
                key=lambda i: f"invitation:{i.pk}:nudge:auto",
                now=now,
            )
            count += len(report.queued)
    return count


@audited
@transaction.atomic
def invitations_nudge_organisation(*, briefing: Briefing, organisation_id: int, by, now=None) -> SendReport:
    """Staff nudge the non-responders of one organisation by hand (at most once a day each)."""
    now = now or timezone.now()
    briefing = briefing_lock_open(briefing, now)
    invitees = invitations_reached(briefing).filter(
        status=Invitation.Status.INVITED, contact__organisation_id=organisation_id
    )
    day = timezone.localdate(now)
    return briefing_emails_queue(
        invitations=invitees,
        kind=OutgoingEmail.Kind.NUDGE,
        key=lambda i: f"invitation:{i.pk}:nudge:manual:{day.isoformat()}",
        now=now,
    )


# --- What staff record for an invitee -------------------------------------------------------


@audited
@transaction.atomic
def invitation_record_answer(*, invitation: Invitation, answer: str, by, now=None) -> Invitation:
    """Staff record the answer a partner gave another way (by phone, in a meeting).

    The same rule as the partner's RSVP page (outreach/services/rsvp.py): no answer once the
    briefing is cancelled or over. ``answer`` is an Invitation.Status; "invited" clears it.
    Recording the answer already recorded changes nothing (its time stays the first one).
    """
    if answer not in Invitation.Status.values:
        raise ValidationError({"answer": _("Choose accepted, declined, maybe or no answer.")})
    now = now or timezone.now()
    invitation = Invitation.objects.select_for_update().select_related("briefing").get(pk=invitation.pk)
    closed = invitation_answer_closed(invitation=invitation, now=now)
    if closed:
        raise ValidationError(str(ANSWER_CLOSED[closed]))
    if invitation.status != answer:
        invitation_answer_write(invitation=invitation, status=answer, now=now)
    return invitation


@audited
@transaction.atomic
def invitation_record_attendance(*, invitation: Invitation, attended: bool | None, by, now=None) -> Invitation:
    """Tick whether the invitee came (None: not known). Only once the briefing has started, never
    for a cancelled one."""
    now = now or timezone.now()
    invitation = Invitation.objects.select_for_update().select_related("briefing").get(pk=invitation.pk)
    if invitation.briefing.status == Briefing.Status.CANCELLED:
        raise ValidationError(_("This briefing is cancelled."))
    if invitation.briefing.starts_at > now:
        raise ValidationError(_("Attendance is recorded once the briefing has started."))
    if invitation.attended is not attended:
        invitation.attended = attended
        invitation.save(update_fields=["attended", "updated_at"])
    return invitation
