"""Media page: a campaign's placements and the mentions the media tracker found."""

from __future__ import annotations

from django.shortcuts import render

from campaigns.views.common import paginate, querystring_without_page, visible_campaign_ids
from media_tracker.forms import MediaFilterForm
from media_tracker.models import Mention, Placement


def media(request):
    campaign_ids = visible_campaign_ids(request.user)
    form = MediaFilterForm(request.GET or None, campaign_ids=campaign_ids)
    placements = Placement.objects.filter(campaign_id__in=campaign_ids).select_related("outlet", "campaign", "op_ed")
    mentions = (
        Mention.objects.filter(campaign_id__in=campaign_ids)
        .select_related("article__outlet", "campaign")
        .prefetch_related("terms")
        .order_by("-published_at", "-found_at")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["campaign"]:
            placements = placements.filter(campaign=data["campaign"])
            mentions = mentions.filter(campaign=data["campaign"])
        if data["outlet"]:
            placements = placements.filter(outlet=data["outlet"])
            mentions = mentions.filter(article__outlet=data["outlet"])
        if data["country"]:
            placements = placements.filter(outlet__country=data["country"])
            mentions = mentions.filter(article__outlet__country=data["country"])
        if data["language"]:
            placements = placements.filter(outlet__language=data["language"])
            mentions = mentions.filter(article__language=data["language"])
        if data["since"]:
            placements = placements.filter(published_on__gte=data["since"])
            mentions = mentions.filter(published_at__date__gte=data["since"])
        if data["until"]:
            placements = placements.filter(published_on__lte=data["until"])
            mentions = mentions.filter(published_at__date__lte=data["until"])
    return render(
        request,
        "media_tracker/media.html",
        {
            "form": form,
            "placements": placements[:200],
            "page": paginate(request, mentions),
            "querystring": querystring_without_page(request),
        },
    )
