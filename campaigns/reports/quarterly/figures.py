"""What a quarter holds, read from the data: plain objects and counts, no language yet."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from campaigns.models import (
    Campaign,
    CampaignStatusChange,
    Evidence,
    ExitCriterion,
    Objective,
    ObjectiveStatusChange,
)
from campaigns.reports.dashboard import Period
from media_tracker.models import Mention, Placement
from outreach.models import Briefing, Interaction, Invitation, OpEd, Organisation, Pitch

# Who counts as a high-level figure: people tagged so, or anyone of these kinds of institution.
HIGH_LEVEL_TAGS = ("diplomat", "religious-leader", "officer")
HIGH_LEVEL_KINDS = (
    Organisation.Kind.GOVERNMENT,
    Organisation.Kind.INTERGOVERNMENTAL,
    Organisation.Kind.RELIGIOUS,
    Organisation.Kind.MILITARY,
)
NOTABLE_PIECES = 8
NEXT_STEPS = 8


def quarter_period(year: int, quarter: int) -> Period:
    return Period.quarter_of(dt.date(year, 3 * quarter - 2, 1))


@dataclass
class AskFigures:
    objective: Objective
    status_at_end: str
    evidence: list[Evidence] = field(default_factory=list)
    changes: list[ObjectiveStatusChange] = field(default_factory=list)


@dataclass
class BriefingFigures:
    briefing: Briefing
    invited: int = 0
    accepted: int = 0
    attended: int = 0
    attendance_recorded: bool = False
    organisations: int = 0
    kinds: list[tuple[str, int]] = field(default_factory=list)  # (organisation kind, organisations)


@dataclass
class OpEdFigures:
    op_ed: OpEd
    versions: list[OpEd] = field(default_factory=list)
    pitches: list[Pitch] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)


@dataclass
class Figure:
    """A high-level person (or institution) the campaign talked to."""

    contact: object | None
    organisation: Organisation | None
    conversations: int = 0
    channels: Counter = field(default_factory=Counter)
    last: dt.date | None = None


@dataclass
class QuarterFigures:
    campaign: Campaign
    period: Period
    asks: list[AskFigures] = field(default_factory=list)
    campaign_changes: list[CampaignStatusChange] = field(default_factory=list)
    briefings: list[BriefingFigures] = field(default_factory=list)
    op_eds: list[OpEdFigures] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    mentions_total: int = 0
    mentions_by_language: list[tuple[str, int]] = field(default_factory=list)
    mentions_by_country: list[tuple[str, int]] = field(default_factory=list)
    notable: list[Mention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    interactions: int = 0
    follow_ups: list[Interaction] = field(default_factory=list)
    planned_pitches: list[Pitch] = field(default_factory=list)
    op_eds_in_preparation: list[OpEd] = field(default_factory=list)
    exit_criteria: list[ExitCriterion] = field(default_factory=list)

    @property
    def has_activity(self) -> bool:
        return bool(
            self.interactions
            or self.briefings
            or self.op_eds
            or self.placements
            or self.mentions_total
            or any(ask.evidence or ask.changes for ask in self.asks)
        )


def quarter_figures(*, campaign: Campaign, period: Period) -> QuarterFigures:
    start, end = period.bounds
    found = QuarterFigures(campaign=campaign, period=period)
    _asks(found, start, end)
    found.campaign_changes = list(
        CampaignStatusChange.objects.filter(campaign=campaign, changed_at__gte=start, changed_at__lt=end)
        .select_related("changed_by")
        .order_by("changed_at")
    )
    _briefings(found, start, end)
    _op_eds(found)
    _press(found, start, end)
    _outreach(found, start, end)
    _next_steps(found)
    found.exit_criteria = list(ExitCriterion.objects.filter(campaign=campaign).order_by("position", "id"))
    return found


def _asks(found: QuarterFigures, start: dt.datetime, end: dt.datetime) -> None:
    objectives = list(Objective.objects.filter(campaign=found.campaign).order_by("position", "id"))
    asks = {objective.pk: AskFigures(objective=objective, status_at_end=objective.status) for objective in objectives}
    evidence = (
        Evidence.objects.filter(
            campaign=found.campaign, occurred_on__gte=found.period.start, occurred_on__lte=found.period.end
        )
        .select_related("interaction__contact", "interaction__organisation")
        .order_by("occurred_on", "id")
    )
    for item in evidence:
        asks[item.objective_id].evidence.append(item)
    changes = ObjectiveStatusChange.objects.filter(objective__campaign=found.campaign, changed_at__gte=start).order_by(
        "changed_at", "id"
    )
    later_seen: set[int] = set()
    for change in changes:
        ask = asks[change.objective_id]
        if change.changed_at < end:
            ask.changes.append(change)
        elif change.objective_id not in later_seen:
            # The first change after the quarter says what the status was at its end.
            later_seen.add(change.objective_id)
            ask.status_at_end = change.from_status
    found.asks = list(asks.values())


def _briefings(found: QuarterFigures, start: dt.datetime, end: dt.datetime) -> None:
    briefings = list(
        Briefing.objects.filter(campaign=found.campaign, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Briefing.Status.CANCELLED)
        .prefetch_related("speakers__organisation")
        .order_by("starts_at")
    )
    counts = {
        row["briefing_id"]: row
        for row in Invitation.objects.filter(briefing__in=briefings)
        .values("briefing_id")
        .annotate(
            n_invited=Count("id"),
            n_accepted=Count("id", filter=Q(status=Invitation.Status.ACCEPTED)),
            n_attended=Count("id", filter=Q(attended=True)),
            n_recorded=Count("id", filter=Q(attended__isnull=False)),
        )
    }
    # Organisations that took part: of those who attended, or, before attendance is ticked, accepted.
    taking_part: dict[int, dict[int, str]] = defaultdict(dict)
    rows = (
        Invitation.objects.filter(briefing__in=briefings, contact__organisation__isnull=False)
        .filter(Q(attended=True) | Q(attended__isnull=True, status=Invitation.Status.ACCEPTED))
        .values_list("briefing_id", "attended", "contact__organisation_id", "contact__organisation__kind")
    )
    recorded = {pk for pk, row in counts.items() if row["n_recorded"]}
    for briefing_id, attended, organisation_id, kind in rows:
        if (briefing_id in recorded) == bool(attended):
            taking_part[briefing_id][organisation_id] = kind
    for briefing in briefings:
        row = counts.get(briefing.pk, {})
        organisations = taking_part[briefing.pk]
        kinds = Counter(organisations.values()).most_common()
        found.briefings.append(
            BriefingFigures(
                briefing=briefing,
                invited=row.get("n_invited", 0),
                accepted=row.get("n_accepted", 0),
                attended=row.get("n_attended", 0),
                attendance_recorded=briefing.pk in recorded,
                organisations=len(organisations),
                kinds=kinds,
            )
        )


def _op_eds(found: QuarterFigures) -> None:
    period = found.period
    op_eds = list(
        OpEd.objects.filter(campaign=found.campaign).prefetch_related("authors").order_by("version_of_id", "title")
    )
    originals = {op_ed.pk: OpEdFigures(op_ed=op_ed) for op_ed in op_eds if op_ed.version_of_id is None}
    for op_ed in op_eds:
        if op_ed.version_of_id in originals:
            originals[op_ed.version_of_id].versions.append(op_ed)
    family = {op_ed.pk: op_ed.version_of_id or op_ed.pk for op_ed in op_eds}
    pitches = (
        Pitch.objects.filter(campaign=found.campaign, pitched_on__gte=period.start, pitched_on__lte=period.end)
        .select_related("op_ed", "outlet")
        .order_by("pitched_on", "id")
    )
    for pitch in pitches:
        originals[family[pitch.op_ed_id]].pitches.append(pitch)
    found.placements = list(
        Placement.objects.filter(campaign=found.campaign, published_on__gte=period.start, published_on__lte=period.end)
        .select_related("outlet")
        .prefetch_related("spokespeople")
        .order_by("published_on", "id")
    )
    for placement in found.placements:
        if placement.op_ed_id in family:
            originals[family[placement.op_ed_id]].placements.append(placement)
    found.op_eds = [entry for entry in originals.values() if entry.pitches or entry.placements]
    found.op_eds_in_preparation = [
        entry.op_ed
        for entry in originals.values()
        if entry.op_ed.status in (OpEd.Status.IDEA, OpEd.Status.DRAFTING, OpEd.Status.READY) and not entry.pitches
    ]
    found.planned_pitches = list(
        Pitch.objects.filter(campaign=found.campaign, status=Pitch.Status.PLANNED)
        .select_related("op_ed", "outlet")
        .order_by("position", "id")
    )


def _press(found: QuarterFigures, start: dt.datetime, end: dt.datetime) -> None:
    mentions = Mention.objects.filter(campaign=found.campaign, published_at__gte=start, published_at__lt=end)
    by_language = mentions.values("article__language").annotate(n=Count("id")).order_by("-n", "article__language")
    found.mentions_by_language = [(row["article__language"], row["n"]) for row in by_language]
    found.mentions_total = sum(n for _language, n in found.mentions_by_language)
    by_country = (
        mentions.values("article__outlet__country").annotate(n=Count("id")).order_by("-n", "article__outlet__country")
    )
    found.mentions_by_country = [(row["article__outlet__country"], row["n"]) for row in by_country]
    found.notable = list(
        mentions.annotate(matched=Count("terms"))
        .select_related("article__outlet")
        .order_by("-matched", "published_at", "id")[:NOTABLE_PIECES]
    )
    found.notable.sort(key=lambda mention: mention.published_at or timezone.now())


def _outreach(found: QuarterFigures, start: dt.datetime, end: dt.datetime) -> None:
    interactions = Interaction.objects.filter(campaign=found.campaign, occurred_at__gte=start, occurred_at__lt=end)
    found.interactions = interactions.count()
    high_level = (
        Q(contact__tags__slug__in=HIGH_LEVEL_TAGS)
        | Q(contact__organisation__kind__in=HIGH_LEVEL_KINDS)
        | Q(contact__isnull=True, organisation__kind__in=HIGH_LEVEL_KINDS)
    )
    rows = (
        interactions.filter(high_level)
        .distinct()
        .select_related("contact__organisation", "organisation")
        .order_by("occurred_at", "id")
    )
    figures: dict[tuple, Figure] = {}
    for interaction in rows:
        key = ("contact", interaction.contact_id) if interaction.contact_id else ("org", interaction.organisation_id)
        figure = figures.setdefault(
            key,
            Figure(
                contact=interaction.contact,
                organisation=interaction.contact.organisation if interaction.contact else interaction.organisation,
            ),
        )
        figure.conversations += 1
        figure.channels[interaction.channel] += 1
        figure.last = timezone.localdate(interaction.occurred_at)
    found.figures = list(figures.values())


def _next_steps(found: QuarterFigures) -> None:
    found.follow_ups = list(
        Interaction.objects.filter(campaign=found.campaign, done=False)
        .exclude(next_step="")
        .select_related("contact", "organisation")
        .order_by("follow_up_on", "id")[:NEXT_STEPS]
    )
