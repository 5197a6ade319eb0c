"""Inviting contacts to briefings (sending the emails is a job of its own)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.mail.briefing import briefing_email_stub
from outreach.mail.drafts import address_is_valid
from outreach.mail.queue import emails_queue
from outreach.models import Briefing, Contact, Invitation, OutgoingEmail


@dataclass
class InvitationBatch:
    created: list[Invitation] = field(default_factory=list)
    already_invited: list[Contact] = field(default_factory=list)


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


# --- Sending invitations and keeping invitees informed (issue 5) --------------------------
# Every email below is an outbox row queued in the same transaction as the action, with a
# key that makes a second queueing impossible (see outreach/mail/).


@dataclass
class SendReport:
    queued: list[Invitation] = field(default_factory=list)
    already_sent: list[Invitation] = field(default_factory=list)
    # (invitation, reason) for contacts with no or an invalid email address.
    skipped: list[tuple[Invitation, str]] = field(default_factory=list)


def _invalid_address_reason(contact: Contact) -> str | None:
    if not contact.email:
        return _("no email address")
    if not address_is_valid(contact.email):
        return _("invalid email address")
    return None


def _queue_for(*, invitations, kind: str, key, now, send_at=None) -> SendReport:
    report, drafts, by_key = SendReport(), [], {}
    for invitation in invitations:
        reason = _invalid_address_reason(invitation.contact)
        if reason:
            report.skipped.append((invitation, reason))
            continue
        dedupe_key = key(invitation)
        by_key[dedupe_key] = invitation
        drafts.append(briefing_email_stub(kind=kind, invitation=invitation, dedupe_key=dedupe_key))
    queued_keys = {row.dedupe_key for row in emails_queue(drafts, now=now, send_at=send_at)}
    for dedupe_key, invitation in by_key.items():
        (report.queued if dedupe_key in queued_keys else report.already_sent).append(invitation)
    return report


def _lock_open_briefing(briefing: Briefing, now) -> Briefing:
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if briefing.status == Briefing.Status.CANCELLED:
        raise ValidationError(_("This briefing is cancelled."))
    if briefing.ends_at <= now:
        raise ValidationError(_("This briefing is over."))
    return briefing


@transaction.atomic
def invitations_send(
    *, briefing: Briefing, by, invitations: Iterable[Invitation] | None = None, now=None, send_at=None
) -> SendReport:
    """Queue the invitation email (with its calendar entry) to each invitee, once ever.

    Contacts with no or an invalid address are reported in ``skipped``, not fatal. With
    ``send_at`` the emails wait in the outbox until then (the sweep sends them).
    """
    now = now or timezone.now()
    briefing = _lock_open_briefing(briefing, now)
    if send_at is not None and send_at >= briefing.starts_at:
        raise ValidationError(_("Invitations must be sent before the briefing starts."))
    rows = Invitation.objects.filter(briefing=briefing).select_related("contact").order_by("pk")
    if invitations is not None:
        rows = rows.filter(pk__in=[invitation.pk for invitation in invitations])
    report = _queue_for(
        invitations=rows,
        kind=OutgoingEmail.Kind.INVITATION,
        key=lambda i: f"invitation:{i.pk}:invitation",
        now=now,
        send_at=send_at,
    )
    if briefing.status == Briefing.Status.DRAFT and report.queued:
        Briefing.objects.filter(pk=briefing.pk).update(status=Briefing.Status.SCHEDULED, updated_at=now)
    return report


def _invited(briefing: Briefing, *, statuses=None):
    """Invitations whose invitation email was queued and not failed (or in ``statuses``)."""
    emails = OutgoingEmail.objects.filter(invitation=OuterRef("pk"), kind=OutgoingEmail.Kind.INVITATION)
    emails = emails.filter(status__in=statuses) if statuses else emails.exclude(status=OutgoingEmail.Status.FAILED)
    return (
        Invitation.objects.filter(briefing=briefing)
        .filter(Exists(emails))
        .select_related("contact", "briefing")
        .order_by("pk")
    )


@transaction.atomic
def briefing_reschedule(
    *, briefing: Briefing, by, starts_at=None, ends_at=None, location=None, online_url=None, now=None
) -> SendReport:
    """Move the briefing; a change of time or place raises SEQUENCE and emails an updated entry."""
    now = now or timezone.now()
    briefing = _lock_open_briefing(briefing, now)
    changes = {
        name: value
        for name, value in {
            "starts_at": starts_at,
            "ends_at": ends_at,
            "location": location,
            "online_url": online_url,
        }.items()
        if value is not None and value != getattr(briefing, name)
    }
    if not changes:
        return SendReport()
    for name, value in changes.items():
        setattr(briefing, name, value)
    briefing.sequence += 1
    briefing.full_clean()
    briefing.save()
    invitees = _invited(briefing).exclude(status=Invitation.Status.DECLINED)
    return _queue_for(
        invitations=invitees,
        kind=OutgoingEmail.Kind.UPDATE,
        key=lambda i: f"invitation:{i.pk}:update:{briefing.sequence}",
        now=now,
    )


@transaction.atomic
def briefing_cancel(*, briefing: Briefing, by, now=None) -> SendReport:
    """Cancel the briefing: unsent emails are withdrawn and invitees get a calendar CANCEL."""
    now = now or timezone.now()
    briefing = _lock_open_briefing(briefing, now)
    briefing.status = Briefing.Status.CANCELLED
    briefing.sequence += 1
    briefing.save(update_fields=["status", "sequence", "updated_at"])
    # Withdraw what has not left yet; an email already being sent cannot be called back.
    OutgoingEmail.objects.filter(invitation__briefing=briefing, status=OutgoingEmail.Status.QUEUED).update(
        status=OutgoingEmail.Status.FAILED, last_error=_("Withdrawn: the briefing was cancelled."), updated_at=now
    )
    reached = _invited(briefing, statuses=[OutgoingEmail.Status.SENT, OutgoingEmail.Status.SENDING])
    return _queue_for(
        invitations=reached,
        kind=OutgoingEmail.Kind.CANCELLATION,
        key=lambda i: f"invitation:{i.pk}:cancellation:{briefing.sequence}",
        now=now,
    )


SCHEDULE_FIELDS = ("starts_at", "ends_at", "location", "online_url")


@transaction.atomic
def briefing_update(*, briefing: Briefing, by, changes: dict, now=None) -> SendReport:
    """Apply edits to a briefing; moving or cancelling an open one emails its invitees.

    The admin and the API both call this, so a change of time or place always sends the
    updated calendar entry (briefing_reschedule) and a cancellation the CANCEL. A briefing
    already over or cancelled is only corrected: no email announces it.
    """
    now = now or timezone.now()
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    moves = {name: changes.pop(name) for name in SCHEDULE_FIELDS if name in changes}
    moves = {name: value for name, value in moves.items() if value != getattr(briefing, name)}
    cancelling = changes.get("status") == Briefing.Status.CANCELLED and briefing.status != Briefing.Status.CANCELLED
    if cancelling:
        changes.pop("status")
    for name, value in changes.items():
        setattr(briefing, name, value)
    is_open = briefing.status != Briefing.Status.CANCELLED and briefing.ends_at > now
    if not is_open:
        for name, value in moves.items():
            setattr(briefing, name, value)
        briefing.sequence += 1 if moves else 0
        briefing.status = Briefing.Status.CANCELLED if cancelling else briefing.status
    briefing.full_clean()
    briefing.save()
    report = SendReport()
    if is_open and moves:
        report = briefing_reschedule(briefing=briefing, by=by, now=now, **moves)
    if is_open and cancelling:
        cancelled = briefing_cancel(briefing=briefing, by=by, now=now)
        report.queued += cancelled.queued
    return report


def _upcoming(now, within):
    return Briefing.objects.filter(status=Briefing.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + within)


def briefing_reminders_queue(*, now=None) -> int:
    """Queue the reminder to accepted invitees of briefings starting within BRIEFING_REMINDER_HOURS."""
    now = now or timezone.now()
    count = 0
    for briefing in _upcoming(now, dt.timedelta(hours=settings.BRIEFING_REMINDER_HOURS)):
        with transaction.atomic():
            invitees = _invited(briefing).filter(status=Invitation.Status.ACCEPTED)
            report = _queue_for(
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
            invitees = invitees.filter(Exists(delivered_a_day_ago)).select_related("contact", "briefing").order_by("pk")
            report = _queue_for(
                invitations=invitees,
                kind=OutgoingEmail.Kind.NUDGE,
                key=lambda i: f"invitation:{i.pk}:nudge:auto",
                now=now,
            )
            count += len(report.queued)
    return count


@transaction.atomic
def invitations_nudge_organisation(*, briefing: Briefing, organisation_id: int, by, now=None) -> SendReport:
    """Staff nudge the non-responders of one organisation by hand (at most once a day each)."""
    now = now or timezone.now()
    briefing = _lock_open_briefing(briefing, now)
    invitees = _invited(briefing).filter(status=Invitation.Status.INVITED, contact__organisation_id=organisation_id)
    day = timezone.localdate(now)
    return _queue_for(
        invitations=invitees,
        kind=OutgoingEmail.Kind.NUDGE,
        key=lambda i: f"invitation:{i.pk}:nudge:manual:{day.isoformat()}",
        now=now,
    )
