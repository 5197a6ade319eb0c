"""The figures behind the campaign dashboard, the overview and the quarterly update.

Every function runs a fixed number of SQL queries whatever the data size (tests assert
it); mention figures read the rollups (campaigns.reports.rollups), not the mentions themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from campaigns.models import (
    Campaign,
    CampaignStatusChange,
    MentionDailyCount,
    MentionRollup,
    Objective,
    RollupWatermark,
    User,
)
from campaigns.reports.due import overdue_counts_by_campaign, overdue_counts_by_person
from campaigns.reports.rollups import WATERMARK
from media_tracker.models import Outlet, Placement
from outreach.models import Briefing, Interaction, Invitation, Pitch

# The key names the rollups' refresh time, so a refresh invalidates it; this only bounds memory.
CACHE_SECONDS = 600
ANSWERED = [Invitation.Status.ACCEPTED, Invitation.Status.DECLINED, Invitation.Status.TENTATIVE]
WON = [Pitch.Status.ACCEPTED, Pitch.Status.PLACED]


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware datetimes from the start of ``start`` to the end of ``end``, in the current time zone."""
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return start, end

    @classmethod
    def last_days(cls, days: int, *, today: dt.date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(start=today - dt.timedelta(days=days - 1), end=today)

    @classmethod
    def quarter_of(cls, day: dt.date) -> Period:
        first_month = 3 * ((day.month - 1) // 3) + 1
        start = dt.date(day.year, first_month, 1)
        next_start = dt.date(day.year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1)
        return cls(start=start, end=next_start - dt.timedelta(days=1))


def rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Dashboard:
    campaign: Campaign
    period: Period
    partners_engaged: int = 0
    briefings: dict = field(default_factory=dict)
    invitations: dict = field(default_factory=dict)
    pitches: dict = field(default_factory=dict)
    pitches_by_country: list[dict] = field(default_factory=list)
    pitches_by_outlet: list[dict] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    mentions_total: int = 0
    mentions_by_week: list[dict] = field(default_factory=list)
    mentions_by_country: list[dict] = field(default_factory=list)
    mentions_by_language: list[dict] = field(default_factory=list)
    mentions_by_outlet: list[dict] = field(default_factory=list)
    asks: list[Objective] = field(default_factory=list)
    overdue_by_person: list[dict] = field(default_factory=list)
    activity: list[Interaction] = field(default_factory=list)
    status_changes: list[CampaignStatusChange] = field(default_factory=list)


def _partners_engaged(campaign: Campaign, start: dt.datetime, end: dt.datetime) -> int:
    """Organisations with an interaction, or a contact invited to a briefing, in the period."""
    interacted = (
        Interaction.objects.filter(
            campaign=campaign, occurred_at__gte=start, occurred_at__lt=end, organisation__isnull=False
        )
        .values("organisation_id")
        .order_by()
    )
    invited = (
        Invitation.objects.filter(
            briefing__campaign=campaign,
            briefing__starts_at__gte=start,
            briefing__starts_at__lt=end,
            contact__organisation__isnull=False,
        )
        .values("contact__organisation_id")
        .order_by()
    )
    return interacted.union(invited).count()  # UNION removes duplicates


MENTION_FIGURES = ("mentions_total", "mentions_by_week", "mentions_by_country", "mentions_by_language")


def _mention_figures(board: Dashboard) -> None:
    """Mention charts from the rollups, cached until the rollups are next refreshed."""
    refreshed = RollupWatermark.objects.filter(name=WATERMARK).values_list("refreshed_at", flat=True).first()
    stamp = refreshed.timestamp() if refreshed else 0
    key = f"dashboard:mentions:{board.campaign.pk}:{board.period.start}:{board.period.end}:{stamp}"
    figures = cache.get(key)
    if figures is None:
        _count_mentions(board)
        figures = {name: getattr(board, name) for name in (*MENTION_FIGURES, "mentions_by_outlet")}
        cache.set(key, figures, timeout=CACHE_SECONDS)
    for name, value in figures.items():
        setattr(board, name, value)


def _count_mentions(board: Dashboard) -> None:
    in_period = {"campaign": board.campaign, "day__gte": board.period.start, "day__lte": board.period.end}
    daily = MentionDailyCount.objects.filter(**in_period)
    board.mentions_by_week = list(
        daily.annotate(week=TruncWeek("day")).values("week").annotate(count=Sum("mentions")).order_by("week")
    )
    board.mentions_total = sum(row["count"] for row in board.mentions_by_week)
    board.mentions_by_country = list(
        daily.values("country").annotate(count=Sum("mentions")).order_by("-count", "country")[:15]
    )
    board.mentions_by_language = list(
        daily.values("language").annotate(count=Sum("mentions")).order_by("-count", "language")[:15]
    )
    top_outlets = list(
        MentionRollup.objects.filter(**in_period)
        .values("outlet_id")
        .annotate(count=Sum("mentions"))
        .order_by("-count", "outlet_id")[:10]
    )
    names = dict(Outlet.objects.filter(pk__in=[row["outlet_id"] for row in top_outlets]).values_list("pk", "name"))
    board.mentions_by_outlet = [{"outlet": names.get(row["outlet_id"], "?"), **row} for row in top_outlets]


def _pitch_figures(board: Dashboard) -> None:
    pitches = Pitch.objects.filter(
        campaign=board.campaign, pitched_on__gte=board.period.start, pitched_on__lte=board.period.end
    )
    totals = pitches.aggregate(
        pitched=Count("id"),
        won=Count("id", filter=Q(status__in=WON)),
        placed=Count("id", filter=Q(status=Pitch.Status.PLACED)),
        declined=Count("id", filter=Q(status=Pitch.Status.DECLINED)),
        waiting=Count("id", filter=Q(status=Pitch.Status.PITCHED)),
    )
    totals["acceptance_rate"] = rate(totals["won"], totals["pitched"])
    board.pitches = totals
    for attribute, key in [("pitches_by_country", "outlet__country"), ("pitches_by_outlet", "outlet__name")]:
        rows = list(
            pitches.values(key)
            .annotate(pitched=Count("id"), won=Count("id", filter=Q(status__in=WON)))
            .order_by("-pitched", key)[:15]
        )
        for row in rows:
            row["label"] = row.pop(key) or "—"
            row["acceptance_rate"] = rate(row["won"], row["pitched"])
        setattr(board, attribute, rows)


def campaign_dashboard(*, campaign: Campaign, period: Period, today: dt.date | None = None) -> Dashboard:
    """All the dashboard's figures for one campaign over ``period``."""
    today = today or timezone.localdate()
    start, end = period.bounds
    board = Dashboard(campaign=campaign, period=period)
    board.partners_engaged = _partners_engaged(campaign, start, end)

    briefings = Briefing.objects.filter(campaign=campaign, starts_at__gte=start, starts_at__lt=end)
    board.briefings = briefings.aggregate(total=Count("id"), held=Count("id", filter=Q(status=Briefing.Status.HELD)))
    invitations = Invitation.objects.filter(briefing__in=briefings.filter(status=Briefing.Status.HELD))
    counts = invitations.aggregate(
        invited=Count("id"),
        answered=Count("id", filter=Q(status__in=ANSWERED)),
        accepted=Count("id", filter=Q(status=Invitation.Status.ACCEPTED)),
        attended=Count("id", filter=Q(attended=True)),
    )
    counts["answer_rate"] = rate(counts["answered"], counts["invited"])
    counts["attendance_rate"] = rate(counts["attended"], counts["accepted"])
    board.invitations = counts

    _pitch_figures(board)
    board.placements = list(
        Placement.objects.filter(campaign=campaign, published_on__gte=period.start, published_on__lte=period.end)
        .select_related("outlet")
        .order_by("-published_on", "-id")
    )
    _mention_figures(board)
    board.asks = list(Objective.objects.filter(campaign=campaign).order_by("position", "id"))
    # The same "what is due" as the home page and the digest: follow-ups and pitches, per person.
    counts = overdue_counts_by_person(campaign=campaign, today=today)
    people = User.objects.filter(pk__in=[pk for pk in counts if pk is not None]).in_bulk()
    board.overdue_by_person = sorted(
        (
            {
                "logged_by_id": pk,
                "logged_by__username": people[pk].username if pk in people else "",
                "logged_by__first_name": people[pk].first_name if pk in people else "",
                "logged_by__last_name": people[pk].last_name if pk in people else "",
                "overdue": n,
            }
            for pk, n in counts.items()
        ),
        key=lambda row: (-row["overdue"], row["logged_by__username"]),
    )
    week_start = max(start, end - dt.timedelta(days=7))
    board.activity = list(
        Interaction.objects.filter(campaign=campaign, occurred_at__gte=week_start, occurred_at__lt=end)
        .select_related("contact", "organisation", "logged_by")
        .order_by("-occurred_at")[:25]
    )
    board.status_changes = list(
        CampaignStatusChange.objects.filter(campaign=campaign, changed_at__gte=start, changed_at__lt=end)
        .select_related("changed_by")
        .order_by("-changed_at")
    )
    return board


@dataclass
class OverviewRow:
    campaign: Campaign
    mentions: int = 0
    placements: int = 0
    pitches_waiting: int = 0
    overdue: int = 0
    interactions: int = 0


def campaigns_overview(*, campaigns: list[Campaign], period: Period, today: dt.date | None = None) -> list[OverviewRow]:
    """Key figures of several campaigns side by side, in five queries."""
    today = today or timezone.localdate()
    start, end = period.bounds
    ids = [campaign.pk for campaign in campaigns]
    rows = {campaign.pk: OverviewRow(campaign=campaign) for campaign in campaigns}

    def fill(attribute: str, pairs) -> None:
        for campaign_id, value in pairs:
            setattr(rows[campaign_id], attribute, value or 0)

    fill(
        "mentions",
        MentionDailyCount.objects.filter(campaign_id__in=ids, day__gte=period.start, day__lte=period.end)
        .values("campaign_id")
        .annotate(n=Sum("mentions"))
        .values_list("campaign_id", "n"),
    )
    fill(
        "placements",
        Placement.objects.filter(campaign_id__in=ids, published_on__gte=period.start, published_on__lte=period.end)
        .values("campaign_id")
        .annotate(n=Count("id"))
        .values_list("campaign_id", "n"),
    )
    fill(
        "pitches_waiting",
        Pitch.objects.filter(campaign_id__in=ids, status=Pitch.Status.PITCHED)
        .values("campaign_id")
        .annotate(n=Count("id"))
        .values_list("campaign_id", "n"),
    )
    interactions = (
        Interaction.objects.filter(campaign_id__in=ids, occurred_at__gte=start, occurred_at__lt=end)
        .values("campaign_id")
        .annotate(n=Count("id"))
        .values_list("campaign_id", "n")
    )
    fill("interactions", interactions)
    fill("overdue", overdue_counts_by_campaign(campaign_ids=ids, today=today).items())
    return list(rows.values())
