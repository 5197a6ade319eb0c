"""Keeping the dashboards' mention rollups up to date.

Only mentions that count are counted: every mention but those staff marked not relevant
(``Mention.objects.counted()``; unreviewed pickup counts, so new mentions show at once). A
mention found or reviewed since the last run (``changed_at``) has its day recounted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Max
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from campaigns.models import MentionDailyCount, MentionRollup, RollupWatermark
from media_tracker.models import Mention

WATERMARK = "mentions"
# Recount cells touched this long before the watermark again: a mention stamped changed_at=T
# may commit after another stamped later has been counted. Recounting is idempotent.
OVERLAP = dt.timedelta(minutes=5)


def _mention_day():
    return TruncDate(Coalesce("published_at", "found_at"), tzinfo=dt.UTC)


@transaction.atomic
def mention_rollup_refresh(*, full: bool = False) -> int:
    """Recount the (campaign, day) cells whose mentions were found or reviewed since the last run.

    Returns the number of cells recounted. ``full`` rebuilds everything. Runs under a
    row lock on the watermark, so two overlapping runs recount in turn, not twice at once.
    """
    mark, _ = RollupWatermark.objects.get_or_create(name=WATERMARK)
    mark = RollupWatermark.objects.select_for_update().get(pk=mark.pk)
    since = None if full or mark.found_up_to is None else mark.found_up_to - OVERLAP
    fresh = Mention.objects.all() if since is None else Mention.objects.filter(changed_at__gt=since)
    newest = fresh.aggregate(newest=Max("changed_at"))["newest"]
    if newest is None:
        mark.refreshed_at = timezone.now()
        mark.save(update_fields=["refreshed_at"])
        return 0
    # Everything changed up to `newest` is counted below; later changes wait for the next run.
    cells = (
        fresh.filter(changed_at__lte=newest).annotate(day=_mention_day()).values_list("campaign_id", "day").distinct()
    )
    days_by_campaign: dict[int, set[dt.date]] = defaultdict(set)
    for campaign_id, day in cells:
        days_by_campaign[campaign_id].add(day)
    recounted = 0
    for campaign_id, days in days_by_campaign.items():
        MentionRollup.objects.filter(campaign_id=campaign_id, day__in=days).delete()
        MentionDailyCount.objects.filter(campaign_id=campaign_id, day__in=days).delete()
        rows = (
            Mention.objects.counted()
            .filter(campaign_id=campaign_id)
            .annotate(day=_mention_day())
            .filter(day__in=days)
            .values("day", "article__outlet_id", "article__outlet__country", "article__language")
            .annotate(mentions=Count("id"))
        )
        cells = [
            MentionRollup(
                campaign_id=campaign_id,
                day=row["day"],
                outlet_id=row["article__outlet_id"],
                country=row["article__outlet__country"] or "",
                language=row["article__language"] or "",
                mentions=row["mentions"],
            )
            for row in rows
        ]
        MentionRollup.objects.bulk_create(cells, batch_size=2000)
        daily: dict[tuple, int] = defaultdict(int)
        for cell in cells:
            daily[cell.day, cell.country, cell.language] += cell.mentions
        MentionDailyCount.objects.bulk_create(
            [
                MentionDailyCount(campaign_id=campaign_id, day=day, country=country, language=language, mentions=n)
                for (day, country, language), n in daily.items()
            ],
            batch_size=2000,
        )
        recounted += len(days)
    mark.found_up_to, mark.refreshed_at = newest, timezone.now()
    mark.save(update_fields=["found_up_to", "refreshed_at"])
    return recounted
