"""Reads of media-tracker data that the UI, the API and the digest share."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from media_tracker.models import Feed, Mention, TrackedTerm


def campaign_mentions(*, campaign, since: dt.datetime | None = None) -> QuerySet[Mention]:
    """A campaign's mentions, newest first, with article, outlet, story and matched terms loaded."""
    mentions = Mention.objects.filter(campaign=campaign)
    if since is not None:
        mentions = mentions.filter(found_at__gte=since)
    return (
        mentions.select_related("article__outlet", "article__story")
        .prefetch_related(Prefetch("terms", queryset=TrackedTerm.objects.order_by("term")))
        .order_by("-found_at", "-id")
    )


def feeds_failing() -> QuerySet[Feed]:
    """Active feeds whose last poll failed, the longest-failing first."""
    return (
        Feed.objects.filter(is_active=True, consecutive_failures__gt=0)
        .select_related("outlet")
        .order_by("-consecutive_failures", "outlet__name")
    )
