"""Briefings: creating, editing, moving and cancelling them, and their status.

Moving or cancelling an open briefing emails its invitees: outbox rows queued in the same
transaction (the helpers are in outreach/services/invitations.py), whichever door it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from config.audit import audited
from outreach.models import Briefing, Contact, Invitation, OutgoingEmail
from outreach.services.invitations import (
    SendReport,
    briefing_emails_queue,
    briefing_lock_open,
    invitations_reached,
)

SCHEDULE_FIELDS = ("starts_at", "ends_at", "location", "online_url")
# What briefing_update edits; the campaign never changes, the status has briefing_set_status.
EDITABLE_FIELDS = ("title", "agenda", "time_zone", "speakers", *SCHEDULE_FIELDS)


@audited
@transaction.atomic
def briefing_create(
    *,
    campaign: Campaign,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    by,
    time_zone: str = "UTC",
    agenda: str = "",
    online_url: str = "",
    location: str = "",
    speakers: Iterable[Contact] = (),
) -> Briefing:
    """A new briefing, a draft until its invitations are sent (invitations_send schedules it)."""
    briefing = Briefing(
        campaign=campaign,
        title=title,
        agenda=agenda,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        online_url=online_url,
        location=location,
        created_by=by,
    )
    briefing.full_clean()
    briefing.save()
    briefing.speakers.set(speakers)
    return briefing


@audited
@transaction.atomic
def briefing_update(*, briefing: Briefing, by, changes: dict, now=None) -> SendReport:
    """Edit a briefing; moving an open one emails the updated calendar entry to its invitees.

    A briefing already over or cancelled is only corrected: no email announces it.
    """
    now = now or timezone.now()
    changes = dict(changes)
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    campaign = changes.pop("campaign", None)
    if campaign is not None and campaign.pk != briefing.campaign_id:
        raise ValidationError({"campaign": _("A briefing cannot move to another campaign.")})
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"briefing_update does not change {sorted(unknown)}")
    speakers = changes.pop("speakers", None)
    moves = {name: changes.pop(name) for name in SCHEDULE_FIELDS if name in changes}
    moves = {name: value for name, value in moves.items() if value != getattr(briefing, name)}
    for name, value in changes.items():
        setattr(briefing, name, value)
    is_open = briefing.status != Briefing.Status.CANCELLED and briefing.ends_at > now
    if not is_open and moves:
        for name, value in moves.items():
            setattr(briefing, name, value)
        briefing.sequence += 1
    briefing.full_clean()
    briefing.save()
    if speakers is not None:
        briefing.speakers.set(speakers)
    if is_open and moves:
        return briefing_reschedule(briefing=briefing, by=by, now=now, **moves)
    return SendReport()


@audited
@transaction.atomic
def briefing_reschedule(
    *, briefing: Briefing, by, starts_at=None, ends_at=None, location=None, online_url=None, now=None
) -> SendReport:
    """Move the briefing; a change of time or place raises SEQUENCE and emails an updated entry."""
    now = now or timezone.now()
    briefing = briefing_lock_open(briefing, now)
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
    invitees = invitations_reached(briefing).exclude(status=Invitation.Status.DECLINED)
    return briefing_emails_queue(
        invitations=invitees,
        kind=OutgoingEmail.Kind.UPDATE,
        key=lambda i: f"invitation:{i.pk}:update:{briefing.sequence}",
        now=now,
    )


@audited
@transaction.atomic
def briefing_cancel(*, briefing: Briefing, by, now=None) -> SendReport:
    """Cancel the briefing: unsent emails are withdrawn and, unless it is over, invitees get a
    calendar CANCEL. Cancelling it again changes nothing; a briefing that was held stays held."""
    now = now or timezone.now()
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if briefing.status == Briefing.Status.CANCELLED:
        return SendReport()
    if briefing.status == Briefing.Status.HELD:
        raise ValidationError(_("This briefing was held; it cannot be cancelled."))
    briefing.status = Briefing.Status.CANCELLED
    briefing.sequence += 1
    briefing.save(update_fields=["status", "sequence", "updated_at"])
    # Withdraw what has not left yet; an email already being sent cannot be called back.
    OutgoingEmail.objects.filter(invitation__briefing=briefing, status=OutgoingEmail.Status.QUEUED).update(
        status=OutgoingEmail.Status.FAILED, last_error=_("Withdrawn: the briefing was cancelled."), updated_at=now
    )
    if briefing.ends_at <= now:
        return SendReport()  # over: the record is corrected, nobody needs a calendar change
    reached = invitations_reached(briefing, statuses=[OutgoingEmail.Status.SENT, OutgoingEmail.Status.SENDING])
    return briefing_emails_queue(
        invitations=reached,
        kind=OutgoingEmail.Kind.CANCELLATION,
        key=lambda i: f"invitation:{i.pk}:cancellation:{briefing.sequence}",
        now=now,
    )


@audited
@transaction.atomic
def briefing_set_status(*, briefing: Briefing, status: str, by, now=None) -> SendReport:
    """Move a briefing to another status by hand: cancelled (briefing_cancel, which emails the
    invitees), held once it has started, or back to draft or scheduled. Cancelled is final."""
    if status not in Briefing.Status.values:
        raise ValidationError({"status": _("Choose draft, scheduled, held or cancelled.")})
    now = now or timezone.now()
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if status == briefing.status:
        return SendReport()
    if briefing.status == Briefing.Status.CANCELLED:
        raise ValidationError(_("A cancelled briefing cannot be reopened: create a new one."))
    if status == Briefing.Status.CANCELLED:
        return briefing_cancel(briefing=briefing, by=by, now=now)
    if status == Briefing.Status.HELD and briefing.starts_at > now:
        raise ValidationError(_("A briefing is held once it has started."))
    briefing.status = status
    briefing.save(update_fields=["status", "updated_at"])
    return SendReport()
