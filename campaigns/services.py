"""Writes to campaigns that the admin, the UI and the API share."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatusChange


@transaction.atomic
def campaign_change_status(*, campaign: Campaign, to_status: str, by, note: str = "") -> CampaignStatusChange | None:
    """Move ``campaign`` to ``to_status`` and record who did it; None when nothing changes.

    Closing sets the closed date (today, unless one was given); reopening clears it.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    from_status = campaign.status
    if from_status == to_status:
        return None
    campaign.status = to_status
    if to_status == Campaign.Status.CLOSED:
        campaign.closed_on = campaign.closed_on or timezone.localdate()
    else:
        campaign.closed_on = None
    campaign.save(update_fields=["status", "closed_on", "updated_at"])
    return CampaignStatusChange.objects.create(
        campaign=campaign, from_status=from_status, to_status=to_status, changed_by=by, note=note
    )
