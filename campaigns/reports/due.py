"""What is due for me: the one definition that the home page, the morning digest, the API and
the dashboards' overdue figures all use.

Something is due for a person when it is theirs and needs doing by a day:
- a follow-up they logged (an interaction with a follow-up date, not done, not snoozed past the day);
- a pitch they own (or, with no owner, whose op-ed they own) still awaiting the editor's answer,
  due on its follow-up date, or the pitch date plus the campaign's follow-up delay;
- a briefing they created (or, when nobody did, that their campaign's coordinators look after)
  that starts within two weeks and has invitations to send, or whose emails failed;
- a briefing of theirs that ended in the last 30 days with accepted invitees whose attendance
  is not recorded.
Only campaigns that are not closed count, and only campaigns the person can see. New press
mentions of their campaigns (the last 24 hours, not marked irrelevant) come beside the list, not in it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Membership
from campaigns.permissions import campaign_ids_for
from config import compiled
from config.db_functions import AddDays
from media_tracker.models import Mention
from outreach.models import Briefing, Interaction, Invitation, OutgoingEmail, Pitch

BRIEFING_HORIZON = dt.timedelta(days=14)
ATTENDANCE_WINDOW = dt.timedelta(days=30)
INVITE_LEAD = dt.timedelta(days=7)  # invitations should be out a week before a briefing
OPEN_CAMPAIGN_STATUSES = (Campaign.Status.DRAFT, Campaign.Status.ACTIVE, Campaign.Status.MONITORING)


@dataclass(frozen=True)
class DueItem:
    kind: str  # "interaction", "pitch", "briefing-invite", "briefing-attendance"
    obj: object
    due: dt.date
    campaign: Campaign
    owner_id: int | None

    def days_overdue(self, today: dt.date) -> int:
        return max((today - self.due).days, 0)

    @property
    def path(self) -> str:
        """The staff page where the item is done (never the admin)."""
        if self.kind == "interaction":
            if self.obj.contact_id:
                return reverse("outreach:contact-detail", args=[self.obj.contact_id])
            return reverse("outreach:organisation-detail", args=[self.obj.organisation_id])
        if self.kind == "pitch":
            return reverse("outreach:pitch-edit", args=[self.obj.pk])
        anchor = "#invite" if self.kind == "briefing-invite" else "#attendance"
        return reverse("outreach:briefing-detail", args=[self.obj.pk]) + anchor


# --- Querysets: each kind of item, for a set of campaigns ----------------------------------


def _open_campaigns(campaign_ids) -> Q:
    return Q(campaign_id__in=campaign_ids, campaign__status__in=OPEN_CAMPAIGN_STATUSES)


def interactions_due(*, campaign_ids, until: dt.date, today: dt.date) -> QuerySet[Interaction]:
    """Open follow-ups due by ``until`` and not snoozed past ``today``."""
    return (
        Interaction.objects.open_follow_ups()
        .filter(_open_campaigns(campaign_ids), follow_up_on__lte=until)
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=today))
    )


def pitches_due(*, campaign_ids, until: dt.date) -> QuerySet[Pitch]:
    """Pitches awaiting an answer, annotated with ``due`` and ``responsible_id``, due by ``until``."""
    return (
        Pitch.objects.awaiting_answer()
        .filter(_open_campaigns(campaign_ids), pitched_on__isnull=False)
        .annotate(
            due=Coalesce("follow_up_on", AddDays("pitched_on", "campaign__follow_up_delay_days")),
            responsible_id=Coalesce("owner_id", "op_ed__owner_id"),
        )
        .filter(due__lte=until)
    )


def briefings_needing_someone(*, campaign_ids, now: dt.datetime) -> QuerySet[Briefing]:
    """Briefings starting within two weeks or ended in the last 30 days (not cancelled), each annotated
    with what may be left to do: ``to_invite`` (no invitations yet, some not sent, or a failed email)
    and ``to_tick`` (ended, with accepted invitees whose attendance is unknown). One query for both:
    they are a few rows, and building two queries cost more than reading them."""
    return _briefings_needing(campaign_ids, now=now, soon=now + BRIEFING_HORIZON, recent=now - ATTENDANCE_WINDOW)


def _briefings_needing(campaign_ids, *, now: dt.datetime, soon: dt.datetime, recent: dt.datetime) -> QuerySet[Briefing]:
    invitations = Invitation.objects.filter(briefing=OuterRef("pk"))
    unsent = invitations.exclude(
        Exists(OutgoingEmail.objects.filter(invitation=OuterRef("pk"), kind=OutgoingEmail.Kind.INVITATION))
    )
    failed = OutgoingEmail.objects.filter(invitation__briefing=OuterRef("pk"), status=OutgoingEmail.Status.FAILED)
    unticked = invitations.filter(status=Invitation.Status.ACCEPTED, attended__isnull=True)
    upcoming = Q(starts_at__gt=now, starts_at__lte=soon)
    ended = Q(ends_at__lte=now, ends_at__gt=recent)
    return (
        Briefing.objects.filter(_open_campaigns(campaign_ids))
        .filter(upcoming | ended)
        .exclude(status=Briefing.Status.CANCELLED)
        .annotate(
            to_invite=ExpressionWrapper(
                upcoming & (~Exists(invitations) | Exists(unsent) | Exists(failed)), BooleanField()
            ),
            to_tick=ExpressionWrapper(ended & Exists(unticked), BooleanField()),
        )
    )


# --- Items for a person ---------------------------------------------------------------------


def _coordinated(user) -> set[int]:
    if user.is_superuser:
        return set()  # a superuser sees every campaign but looks after none by default
    return set(
        Membership.objects.filter(user=user, role=Membership.Role.COORDINATOR).values_list("campaign_id", flat=True)
    )


def due_for_user(
    *, user, today: dt.date, until: dt.date | None = None, now: dt.datetime | None = None, limit: int | None = None
) -> list[DueItem]:
    """Everything due for ``user`` by ``until`` (default: today), oldest due first; with ``limit``,
    only the first ``limit`` items (each kind is read in due order, so a long list costs no more)."""
    return DueList(user=user, today=today, until=until or today, now=now)[:limit]


@dataclass(frozen=True)
class DueCounts:
    overdue: int
    today: int
    upcoming: int

    @property
    def total(self) -> int:
        return self.overdue + self.today + self.upcoming


class DueList:
    """What is due for a person, read a page at a time (a Paginator takes it like a queryset):
    ``count()`` and ``counts`` come from aggregates, a slice reads only the rows it shows."""

    def __init__(self, *, user, today: dt.date, until: dt.date, now: dt.datetime | None = None):
        self._sources = _DueSources(user=user, today=today, until=until, now=now or timezone.now())
        self._counts: DueCounts | None = None

    @property
    def counts(self) -> DueCounts:
        if self._counts is None:
            self._counts = self._sources.counts()
        return self._counts

    def count(self) -> int:
        return self.counts.total

    def __len__(self) -> int:
        return self.count()

    def head(self, n: int) -> tuple[list[DueItem], int]:
        """The first ``n`` items and how many are due in all (counted only when there are more)."""
        items = self[:n]
        return items, (self.count() if len(items) == n else len(items))

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("a DueList is read by slices")
        start = index.start or 0
        return self._sources.items(offset=start, limit=None if index.stop is None else index.stop - start)


class _DueSources:
    """The four kinds of item due for one person, each as a query in due order.

    Each query is asked on every home page and me/due request: its SQL is compiled once per process
    (``config.compiled.prepared``), since building it cost more than PostgreSQL takes to answer."""

    def __init__(self, *, user, today: dt.date, until: dt.date, now: dt.datetime):
        self.user, self.today, self.until, self.now = user, today, until, now
        visible = sorted(campaign_ids_for(user=user))
        self._mine = {"campaign_ids": visible, "until": until, "today": today, "user_id": user.pk}
        self._briefings: list[DueItem] | None = None

    def briefings(self) -> list[DueItem]:
        """Briefings to invite for or to tick: a few per person (two weeks ahead, 30 days back)."""
        if self._briefings is not None:
            return self._briefings
        user, today, now = self.user, self.today, self.now
        values = {
            "campaign_ids": sorted(campaign_ids_for(user=user, at_least=Membership.Role.STAFF)),
            "coordinated": sorted(_coordinated(user)),
            "user_id": user.pk,
            "now": now,
            "soon": now + BRIEFING_HORIZON,
            "recent": now - ATTENDANCE_WINDOW,
        }
        flags = {
            pk: (to_invite, to_tick)
            for pk, to_invite, to_tick in compiled.prepared(("due", "briefings"), values, _my_briefings)
        }
        briefings = Briefing.objects.select_related("campaign").in_bulk(list(flags)) if flags else {}
        items = []
        for pk, (to_invite, to_tick) in sorted(flags.items()):
            briefing = briefings[pk]
            if to_invite:
                due = max(today, timezone.localdate(briefing.starts_at - INVITE_LEAD))
                if due <= self.until:
                    items.append(DueItem("briefing-invite", briefing, due, briefing.campaign, user.pk))
            if to_tick:
                due = timezone.localdate(briefing.ends_at)
                items.append(DueItem("briefing-attendance", briefing, due, briefing.campaign, user.pk))
        self._briefings = items
        return items

    def items(self, *, offset: int, limit: int | None) -> list[DueItem]:
        """The merged list's items ``offset`` to ``offset + limit``. The first ``offset + limit`` of each
        kind in due order hold them: their keys (due date, id) are read and merged first, then only
        the page's rows are read with their relations (building rows the page does not show had cost
        a third of the request)."""
        top = None if limit is None else offset + limit
        mine = self._mine

        def interaction_keys(**values):
            return _my_interactions(**values).order_by("follow_up_on", "pk").values_list("follow_up_on", "pk")[:top]

        def pitch_keys(today, **values):
            return _my_pitches(**values).order_by("due", "pk").values_list("due", "pk")[:top]

        keys = [
            (due, "interaction", pk, None)
            for due, pk in compiled.prepared(("due", "interactions", top), mine, interaction_keys)
        ]
        keys += [(due, "pitch", pk, None) for due, pk in compiled.prepared(("due", "pitches", top), mine, pitch_keys)]
        keys += [(item.due, item.kind, item.obj.pk, item) for item in self.briefings()]
        keys.sort(key=lambda key: key[:3])
        page = keys[offset:top]
        rows = {}
        shown = [pk for _due, kind, pk, _item in page if kind == "interaction"]
        if shown:
            found = Interaction.objects.filter(pk__in=shown).select_related("contact", "organisation", "campaign")
            rows.update((("interaction", row.pk), row) for row in found)
        shown = [pk for _due, kind, pk, _item in page if kind == "pitch"]
        if shown:
            found = Pitch.objects.filter(pk__in=shown).select_related("op_ed", "campaign", "outlet", "editor")
            rows.update((("pitch", row.pk), row) for row in found)
        items = []
        for due, kind, pk, item in page:
            if item is None:
                row = rows.get((kind, pk))
                if row is None:  # deleted between the two reads
                    continue
                item = DueItem(kind, row, due, row.campaign, self.user.pk)
            items.append(item)
        return items

    def counts(self) -> DueCounts:
        mine = self._mine
        # One row each; none when the person sees no campaign (Django then asks nothing).
        interactions = compiled.prepared(
            ("due", "interaction counts"),
            mine,
            lambda **values: _split(_my_interactions(**values), "follow_up_on", values["today"]),
        ) or [(0, 0, 0)]
        pitches = compiled.prepared(
            ("due", "pitch counts"), mine, lambda today, **values: _split(_my_pitches(**values), "due", today)
        ) or [(0, 0, 0)]
        interactions, pitches = interactions[0], pitches[0]
        briefings = [item.due for item in self.briefings()]
        return DueCounts(
            overdue=interactions[0] + pitches[0] + sum(due < self.today for due in briefings),
            today=interactions[1] + pitches[1] + sum(due == self.today for due in briefings),
            upcoming=interactions[2] + pitches[2] + sum(due > self.today for due in briefings),
        )


def _my_interactions(*, campaign_ids, until, today, user_id) -> QuerySet[Interaction]:
    return interactions_due(campaign_ids=campaign_ids, until=until, today=today).filter(logged_by_id=user_id)


def _my_pitches(*, campaign_ids, until, user_id) -> QuerySet[Pitch]:
    return pitches_due(campaign_ids=campaign_ids, until=until).filter(responsible_id=user_id)


def _my_briefings(*, campaign_ids, coordinated, user_id, now, soon, recent):
    """(id, to_invite, to_tick) of the briefings that need ``user_id``: those they created, or that
    nobody did in a campaign they coordinate."""
    mine = Q(created_by_id=user_id) | Q(created_by__isnull=True, campaign_id__in=coordinated)
    needing = _briefings_needing(campaign_ids, now=now, soon=soon, recent=recent)
    return needing.filter(mine).order_by().values_list("pk", "to_invite", "to_tick")


def _split(queryset, field: str, today: dt.date):
    """One row: how many of ``queryset`` are due before ``today``, on it, and after it (grouped by
    a constant, so that it is a ``values_list`` that can be compiled once)."""
    return (
        queryset.order_by()
        .annotate(_all=Value(1))
        .values("_all")
        .annotate(
            overdue=Count("pk", filter=Q(**{f"{field}__lt": today})),
            on_the_day=Count("pk", filter=Q(**{field: today})),
            upcoming=Count("pk", filter=Q(**{f"{field}__gt": today})),
        )
        .values_list("overdue", "on_the_day", "upcoming")
    )


def overdue_for_others(*, user, today: dt.date) -> list[DueItem]:
    """Follow-ups and pitches of other people, in campaigns ``user`` coordinates, overdue by more than
    the campaign's escalation delay: what a coordinator's digest escalates."""
    coordinated = Campaign.objects.filter(
        pk__in=_coordinated(user) | set(Campaign.objects.filter(coordinator=user).values_list("pk", flat=True))
    )
    items: list[DueItem] = []
    for campaign in coordinated:
        before = today - dt.timedelta(days=campaign.escalation_after_days + 1)
        rows = interactions_due(campaign_ids=[campaign.pk], until=before, today=today).exclude(logged_by=user)
        for row in rows.select_related("contact", "organisation", "campaign", "logged_by"):
            items.append(DueItem("interaction", row, row.follow_up_on, campaign, row.logged_by_id))
        pitches = pitches_due(campaign_ids=[campaign.pk], until=before).exclude(responsible_id=user.pk)
        for pitch in pitches.select_related("op_ed__campaign", "outlet", "editor", "owner"):
            items.append(DueItem("pitch", pitch, pitch.due, campaign, pitch.responsible_id))
    items.sort(key=lambda item: (item.due, item.kind, item.obj.pk))
    return items


def overdue_counts_by_person(*, campaign: Campaign, today: dt.date) -> Counter:
    """Per person (user id), how many follow-ups and pitches of the campaign are overdue (due before today)."""
    yesterday = today - dt.timedelta(days=1)
    counts: Counter = Counter()
    interactions = interactions_due(campaign_ids=[campaign.pk], until=yesterday, today=today)
    for owner_id, n in interactions.values_list("logged_by_id").annotate(n=Count("id")).order_by():
        counts[owner_id] += n
    pitches = pitches_due(campaign_ids=[campaign.pk], until=yesterday)
    for owner_id, n in pitches.values_list("responsible_id").annotate(n=Count("id")).order_by():
        counts[owner_id] += n
    return counts


def overdue_counts_by_campaign(*, campaign_ids, today: dt.date) -> Counter:
    """Per campaign, how many follow-ups and pitches are overdue (the overview's figure)."""
    yesterday = today - dt.timedelta(days=1)
    counts: Counter = Counter()
    interactions = interactions_due(campaign_ids=campaign_ids, until=yesterday, today=today)
    for campaign_id, n in interactions.values_list("campaign_id").annotate(n=Count("id")).order_by():
        counts[campaign_id] += n
    pitches = pitches_due(campaign_ids=campaign_ids, until=yesterday)
    for campaign_id, n in pitches.values_list("campaign_id").annotate(n=Count("id")).order_by():
        counts[campaign_id] += n
    return counts


def new_mentions_for_user(*, user, now: dt.datetime, within: dt.timedelta = dt.timedelta(days=1)) -> QuerySet[Mention]:
    """Mentions found in the user's campaigns in the ``within`` before ``now``, newest first; those
    staff marked not relevant do not count (unreviewed ones do)."""
    return (
        Mention.objects.counted()
        .filter(campaign_id__in=campaign_ids_for(user=user), found_at__gte=now - within, found_at__lt=now)
        .select_related("article__outlet", "campaign")
        .order_by("-found_at", "-pk")
    )
