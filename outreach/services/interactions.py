"""Logging outreach and working through its follow-ups."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.audit import audited
from outreach.models import Interaction

# Clocks differ a little between a phone and the server; a time further ahead is a typing mistake.
FUTURE_TOLERANCE = dt.timedelta(minutes=15)


def _check_not_in_future(occurred_at: dt.datetime) -> None:
    if occurred_at > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError(
            {"occurred_at": _("This date and time is in the future: give when it happened (now or earlier).")}
        )


@audited
@transaction.atomic
def interaction_log(
    *,
    campaign,
    by,
    summary: str,
    contact=None,
    organisation=None,
    channel: str = Interaction.Channel.CALL,
    occurred_at: dt.datetime | None = None,
    next_step: str = "",
    follow_up_on: dt.date | None = None,
    closes_older_steps: bool = True,
) -> Interaction:
    """Record one outreach entry; a contact's organisation is filled in when none is given.

    It happened now or earlier (never more than a few minutes ahead). A new next step for a contact
    replaces the contact's older open next steps in the campaign: they are closed, and listed in
    ``interaction.closed_steps``. An automatic entry (a partner's reply) passes
    ``closes_older_steps=False`` so that it never closes a step a person set.
    """
    if organisation is None and contact is not None:
        organisation = contact.organisation
    occurred_at = occurred_at or timezone.now()
    _check_not_in_future(occurred_at)
    interaction = Interaction(
        campaign=campaign,
        contact=contact,
        organisation=organisation,
        channel=channel,
        occurred_at=occurred_at,
        summary=summary.strip(),
        logged_by=by,
        next_step=next_step.strip(),
        follow_up_on=follow_up_on,
    )
    interaction.full_clean()
    interaction.save()
    interaction.closed_steps = []
    if closes_older_steps and interaction.next_step and contact is not None:
        interaction.closed_steps = _close_older_steps(interaction)
    return interaction


def _close_older_steps(interaction: Interaction) -> list[Interaction]:
    """Close the contact's open next steps in the campaign that were logged for earlier contacts.

    Forms give the time to the minute, so an entry of the same minute counts as earlier: the call
    logged at 10:05:30 is replaced by the one typed as 10:05 a moment later."""
    same_minute_end = interaction.occurred_at.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    older = list(
        Interaction.objects.select_for_update()
        .filter(
            campaign_id=interaction.campaign_id,
            contact_id=interaction.contact_id,
            done=False,
            occurred_at__lt=same_minute_end,
        )
        .exclude(next_step="")
        .exclude(pk=interaction.pk)
        .order_by("occurred_at", "pk")
    )
    now = timezone.now()
    for step in older:
        step.done, step.done_at = True, now
        step.save(update_fields=["done", "done_at", "updated_at"])
    return older


EDITABLE_FIELDS = frozenset(
    {"contact", "organisation", "channel", "occurred_at", "summary", "next_step", "follow_up_on"}
)
SNOOZE_MAX_DAYS = 366


@audited
@transaction.atomic
def interaction_update(*, interaction: Interaction, by, changes: dict) -> Interaction:
    """Correct what was logged (who, how, when, what) or its next step and follow-up date.

    Its campaign, who logged it and whether it is done or snoozed change through their own services;
    a new follow-up date ends a snooze.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not an editable field: {', '.join(sorted(unknown))}")
    interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
    if "follow_up_on" in changes and changes["follow_up_on"] != interaction.follow_up_on:
        interaction.snoozed_until = None
    if "occurred_at" in changes and changes["occurred_at"] != interaction.occurred_at:
        _check_not_in_future(changes["occurred_at"])
    for name, value in changes.items():
        setattr(interaction, name, value.strip() if isinstance(value, str) else value)
    interaction.full_clean()
    interaction.save()
    return interaction


@audited
@transaction.atomic
def interaction_mark_done(*, interaction: Interaction, by) -> Interaction:
    """Close the follow-up; marking an already done one again changes nothing."""
    interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
    if not interaction.done:
        interaction.done, interaction.done_at = True, timezone.now()
        interaction.save(update_fields=["done", "done_at", "updated_at"])
    return interaction


@audited
@transaction.atomic
def interaction_reopen(*, interaction: Interaction, by) -> Interaction:
    """Undo "done": the follow-up is open again; reopening an open one changes nothing."""
    interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
    if interaction.done:
        interaction.done, interaction.done_at = False, None
        interaction.save(update_fields=["done", "done_at", "updated_at"])
    return interaction


@audited
@transaction.atomic
def interaction_snooze(*, interaction: Interaction, until: dt.date, by) -> Interaction:
    """Hide an open follow-up from "due" lists until ``until`` (after today, within a year); its due
    date stays as it was."""
    interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
    today = timezone.localdate()
    if not today < until <= today + dt.timedelta(days=SNOOZE_MAX_DAYS):
        raise ValidationError(_("Choose a snooze date after today and within a year."))
    if interaction.done:
        raise ValidationError(_("This follow-up is done; reopen it first."))
    if interaction.follow_up_on is None:
        raise ValidationError(_("There is no follow-up date to snooze."))
    interaction.snoozed_until = until
    interaction.save(update_fields=["snoozed_until", "updated_at"])
    return interaction


@audited
@transaction.atomic
def interaction_delete(*, interaction: Interaction, by) -> None:
    """Remove an entry from the outreach log (logged by mistake)."""
    Interaction.objects.filter(pk=interaction.pk).delete()
