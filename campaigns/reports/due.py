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

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Membership
from campaigns.permissions import campaign_ids_for
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
        .filter(
            op_ed__campaign_id__in=campaign_ids,
            op_ed__campaign__status__in=OPEN_CAMPAIGN_STATUSES,
            pitched_on__isnull=False,
        )
        .annotate(
            due=Coalesce("follow_up_on", AddDays("pitched_on", "op_ed__campaign__follow_up_delay_days")),
            responsible_id=Coalesce("owner_id", "op_ed__owner_id"),
        )
        .filter(due__lte=until)
    )


def briefings_to_invite(*, campaign_ids, now: dt.datetime) -> QuerySet[Briefing]:
    """Briefings starting within two weeks with invitations to send (or none yet), or failed emails."""
    unsent = Invitation.objects.filter(briefing=OuterRef("pk")).exclude(
        Exists(OutgoingEmail.objects.filter(invitation=OuterRef("pk"), kind=OutgoingEmail.Kind.INVITATION))
    )
    failed = OutgoingEmail.objects.filter(invitation__briefing=OuterRef("pk"), status=OutgoingEmail.Status.FAILED)
    return (
        Briefing.objects.filter(_open_campaigns(campaign_ids), starts_at__gt=now, starts_at__lte=now + BRIEFING_HORIZON)
        .exclude(status=Briefing.Status.CANCELLED)
        .annotate(invited=Count("invitations"))
        .filter(Q(invited=0) | Exists(unsent) | Exists(failed))
    )


def briefings_to_tick(*, campaign_ids, now: dt.datetime) -> QuerySet[Briefing]:
    """Briefings that ended in the last 30 days with accepted invitees whose attendance is unknown."""
    unticked = Invitation.objects.filter(
        briefing=OuterRef("pk"), status=Invitation.Status.ACCEPTED, attended__isnull=True
    )
    return (
        Briefing.objects.filter(_open_campaigns(campaign_ids), ends_at__lte=now, ends_at__gt=now - ATTENDANCE_WINDOW)
        .exclude(status=Briefing.Status.CANCELLED)
        .filter(Exists(unticked))
    )


# --- Items for a person ---------------------------------------------------------------------


def _coordinated(user) -> set[int]:
    if user.is_superuser:
        return set()  # a superuser sees every campaign but looks after none by default
    return set(
        Membership.objects.filter(user=user, role=Membership.Role.COORDINATOR).values_list("campaign_id", flat=True)
    )


def due_for_user(
    *, user, today: dt.date, until: dt.date | None = None, now: dt.datetime | None = None
) -> list[DueItem]:
    """Everything due for ``user`` by ``until`` (default: today), oldest due first."""
    until = until or today
    now = now or timezone.now()
    visible = campaign_ids_for(user=user)
    editable = campaign_ids_for(user=user, at_least=Membership.Role.STAFF)
    coordinated = _coordinated(user)
    items: list[DueItem] = []
    for row in (
        interactions_due(campaign_ids=visible, until=until, today=today)
        .filter(logged_by=user)
        .select_related("contact", "organisation", "campaign")
    ):
        items.append(DueItem("interaction", row, row.follow_up_on, row.campaign, user.pk))
    pitches = pitches_due(campaign_ids=visible, until=until).filter(responsible_id=user.pk)
    for pitch in pitches.select_related("op_ed__campaign", "outlet", "editor"):
        items.append(DueItem("pitch", pitch, pitch.due, pitch.op_ed.campaign, user.pk))
    mine = Q(created_by=user) | Q(created_by__isnull=True, campaign_id__in=coordinated)
    for briefing in briefings_to_invite(campaign_ids=editable, now=now).filter(mine).select_related("campaign"):
        due = max(today, timezone.localdate(briefing.starts_at - INVITE_LEAD))
        if due <= until:
            items.append(DueItem("briefing-invite", briefing, due, briefing.campaign, user.pk))
    for briefing in briefings_to_tick(campaign_ids=editable, now=now).filter(mine).select_related("campaign"):
        due = timezone.localdate(briefing.ends_at)
        items.append(DueItem("briefing-attendance", briefing, due, briefing.campaign, user.pk))
    items.sort(key=lambda item: (item.due, item.kind, item.obj.pk))
    return items


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
    for campaign_id, n in pitches.values_list("op_ed__campaign_id").annotate(n=Count("id")).order_by():
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
