"""Logging outreach and working through its follow-ups."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from outreach.models import Interaction


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
) -> Interaction:
    """Record one outreach entry; a contact's organisation is filled in when none is given."""
    if organisation is None and contact is not None:
        organisation = contact.organisation
    interaction = Interaction(
        campaign=campaign,
        contact=contact,
        organisation=organisation,
        channel=channel,
        occurred_at=occurred_at or timezone.now(),
        summary=summary.strip(),
        logged_by=by,
        next_step=next_step.strip(),
        follow_up_on=follow_up_on,
    )
    interaction.full_clean()
    interaction.save()
    return interaction


@transaction.atomic
def interaction_mark_done(*, interaction: Interaction, by) -> Interaction:
    """Close the follow-up; marking an already done one again changes nothing."""
    interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
    if not interaction.done:
        interaction.done, interaction.done_at = True, timezone.now()
        interaction.save(update_fields=["done", "done_at", "updated_at"])
    return interaction


def interaction_snooze(*, interaction: Interaction, until: dt.date, by) -> Interaction:
    """Hide the follow-up from "due" lists until ``until``; its due date stays as it was."""
    interaction.snoozed_until = until
    interaction.save(update_fields=["snoozed_until", "updated_at"])
    return interaction
