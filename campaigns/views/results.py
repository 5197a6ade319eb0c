"""The results view: per ask, the evidence and status changes over time."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from campaigns.models import Campaign
from campaigns.reports.results import ask_timelines
from campaigns.views.common import require_view


def results(request, slug: str):
    campaign = get_object_or_404(Campaign, slug=slug)
    require_view(request.user, campaign)
    return render(
        request, "campaigns/results.html", {"campaign": campaign, "timelines": ask_timelines(campaign=campaign)}
    )
