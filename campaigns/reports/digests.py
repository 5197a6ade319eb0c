"""The morning digest of follow-ups: one email per staff member, in their time zone.

Each user's digest for a local date is claimed in the database (a DailyRun row, unique per
job and day) in the same transaction as its outbox row, so two beat processes, a restarted
one or a task run twice never send it twice. Nothing due, no email.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Membership, User
from campaigns.permissions import campaign_ids_for
from media_tracker.models import Mention
from outreach.mail.drafts import EmailDraft, address_is_valid
from outreach.mail.queue import emails_queue
from outreach.models import Briefing, DailyRun, Interaction, Invitation, OutgoingEmail, Pitch

# Digests go out from DIGEST_HOUR until noon, local time.
DIGEST_LAST_HOUR = 12


@dataclass
class DigestItem:
    kind: str  # interaction, pitch, briefing
    title: str
    detail: str
    due: dt.date
    days_overdue: int
    url: str
    campaign: str
    owner: str = ""


@dataclass
class MentionItem:
    campaign: str
    title: str
    outlet: str
    url: str
    terms: str


@dataclass
class Digest:
    user: User
    day: dt.date
    mine: list[DigestItem] = field(default_factory=list)
    escalated: list[DigestItem] = field(default_factory=list)
    # Press pickup found in the last day for the user's campaigns (issue 6), the first few.
    mentions: list[MentionItem] = field(default_factory=list)
    mentions_total: int = 0
    mentions_url: str = ""

    @property
    def empty(self) -> bool:
        return not (self.mine or self.escalated or self.mentions)


MENTIONS_SHOWN = 15


def _mention_items(user: User, now: dt.datetime) -> tuple[list[MentionItem], int]:
    """Mentions found in the 24 hours before ``now`` in the user's campaigns, newest first."""
    found = (
        Mention.objects.filter(
            campaign_id__in=campaign_ids_for(user=user), found_at__gte=now - dt.timedelta(days=1), found_at__lt=now
        )
        .select_related("article__outlet", "campaign")
        .prefetch_related("terms")
        .order_by("-found_at", "-pk")
    )
    items = [
        MentionItem(
            campaign=mention.campaign.name,
            title=mention.article.title,
            outlet=mention.article.outlet.name,
            url=mention.article.url,
            terms=", ".join(sorted(term.term for term in mention.terms.all())),
        )
        for mention in found[:MENTIONS_SHOWN]
    ]
    return items, (found.count() if len(items) == MENTIONS_SHOWN else len(items))


def _url(path: str) -> str:
    return settings.SITE_URL + path


def _local_day(user: User, now: dt.datetime) -> dt.datetime:
    try:
        return now.astimezone(zoneinfo.ZoneInfo(user.time_zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return now.astimezone(dt.UTC)


def _interaction_items(day: dt.date, **filters) -> list[DigestItem]:
    rows = (
        Interaction.objects.due_by(day)
        .filter(campaign__status__in=[Campaign.Status.ACTIVE, Campaign.Status.MONITORING], **filters)
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=day))
        .select_related("campaign", "contact", "organisation", "logged_by")
    )
    return [
        DigestItem(
            kind="interaction",
            title=row.next_step or row.summary[:120],
            detail=str(row.contact or row.organisation),
            due=row.follow_up_on,
            days_overdue=(day - row.follow_up_on).days,
            url=_url(reverse("admin:outreach_interaction_change", args=[row.pk])),
            campaign=row.campaign.name,
            owner=str(row.logged_by or ""),
        )
        for row in rows
    ]


def _pitch_due(pitch: Pitch) -> dt.date | None:
    if pitch.follow_up_on:
        return pitch.follow_up_on
    if pitch.pitched_on:
        return pitch.pitched_on + dt.timedelta(days=pitch.op_ed.campaign.follow_up_delay_days)
    return None


def _pitch_items(day: dt.date, **filters) -> list[DigestItem]:
    rows = (
        Pitch.objects.awaiting_answer()
        .filter(op_ed__campaign__status__in=[Campaign.Status.ACTIVE, Campaign.Status.MONITORING], **filters)
        .select_related("op_ed__campaign", "outlet", "editor", "owner")
    )
    items = []
    for pitch in rows:
        due = _pitch_due(pitch)
        if due is None or due > day:
            continue
        items.append(
            DigestItem(
                kind="pitch",
                title=pitch.op_ed.title,
                detail=_("%(outlet)s has not answered since %(date)s")
                % {"outlet": pitch.outlet, "date": pitch.pitched_on.isoformat()},
                due=due,
                days_overdue=(day - due).days,
                url=_url(reverse("admin:outreach_pitch_change", args=[pitch.pk])),
                campaign=pitch.op_ed.campaign.name,
                owner=str(pitch.owner or ""),
            )
        )
    return items


def _briefing_items(user: User, day: dt.date, now: dt.datetime) -> list[DigestItem]:
    """Briefings the user created that need something done: invitations unsent or failed, attendance."""
    items = []
    soon = Briefing.objects.filter(
        created_by=user, status=Briefing.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + dt.timedelta(days=7)
    ).select_related("campaign")
    for briefing in soon:
        unsent = briefing.invitations.exclude(emails__kind=OutgoingEmail.Kind.INVITATION).count()
        failed = OutgoingEmail.objects.filter(invitation__briefing=briefing, status=OutgoingEmail.Status.FAILED).count()
        if unsent or failed:
            items.append(
                DigestItem(
                    kind="briefing",
                    title=briefing.title,
                    detail=_("%(unsent)d invitations not sent, %(failed)d emails failed")
                    % {"unsent": unsent, "failed": failed},
                    due=day,
                    days_overdue=0,
                    url=_url(reverse("outreach:briefing-delivery", args=[briefing.pk])),
                    campaign=briefing.campaign.name,
                )
            )
    ended = Briefing.objects.filter(
        created_by=user, status__in=[Briefing.Status.SCHEDULED, Briefing.Status.HELD], ends_at__lte=now
    ).select_related("campaign")
    for briefing in ended:
        unknown = briefing.invitations.filter(status=Invitation.Status.ACCEPTED, attended__isnull=True).count()
        if unknown:
            ended_on = timezone.localtime(briefing.ends_at, briefing.tzinfo).date()
            items.append(
                DigestItem(
                    kind="briefing",
                    title=briefing.title,
                    detail=_("record the attendance of %(count)d accepted invitees") % {"count": unknown},
                    due=ended_on,
                    days_overdue=max((day - ended_on).days, 0),
                    url=_url(reverse("admin:outreach_briefing_change", args=[briefing.pk])),
                    campaign=briefing.campaign.name,
                )
            )
    return items


def digest_build(*, user: User, now: dt.datetime) -> Digest:
    """What ``user`` has due or overdue on their local date, plus escalations for coordinators."""
    day = _local_day(user, now).date()
    with translation.override(user.language):
        digest = Digest(user=user, day=day)
        digest.mine = (
            _interaction_items(day, logged_by=user) + _pitch_items(day, owner=user) + _briefing_items(user, day, now)
        )
        coordinated = set(
            Membership.objects.filter(user=user, role=Membership.Role.COORDINATOR).values_list("campaign_id", flat=True)
        ) | set(Campaign.objects.filter(coordinator=user).values_list("pk", flat=True))
        for campaign in Campaign.objects.filter(pk__in=coordinated):
            others = _interaction_items(day, campaign=campaign) + _pitch_items(day, op_ed__campaign=campaign)
            digest.escalated += [
                item
                for item in others
                if item.days_overdue > campaign.escalation_after_days and item.owner != str(user)
            ]
    digest.mentions, digest.mentions_total = _mention_items(user, now)
    digest.mentions_url = _url(reverse("media_tracker:media"))
    digest.mine.sort(key=lambda item: (item.due, item.title))
    digest.escalated.sort(key=lambda item: (item.due, item.title))
    return digest


def digest_job(user: User) -> str:
    return f"digest:user:{user.pk}"


def digest_send(*, user: User, now: dt.datetime | None = None) -> str:
    """Queue today's digest of ``user`` if it is morning for them and not done yet."""
    now = now or timezone.now()
    local = _local_day(user, now)
    if not settings.DIGEST_HOUR <= local.hour < DIGEST_LAST_HOUR:
        return "not morning"  # a digest missed all morning (workers down) is skipped, not sent at night
    day = local.date()
    if DailyRun.objects.filter(job=digest_job(user), day=day).exists():
        return "done"
    if not address_is_valid(user.email):
        return "no address"
    digest = digest_build(user=user, now=now)
    try:
        with transaction.atomic():
            # The claim and the outbox row commit together: a crash before commit leaves neither.
            DailyRun.objects.create(job=digest_job(user), day=day, detail="empty" if digest.empty else "queued")
            if digest.empty:
                return "nothing due"
            with translation.override(user.language):
                context = {"digest": digest, "LANGUAGE_BIDI": translation.get_language_bidi()}
                subject = _("Your follow-ups for %(day)s") % {"day": day.isoformat()}
                emails_queue(
                    [
                        EmailDraft(
                            kind=OutgoingEmail.Kind.DIGEST,
                            dedupe_key=f"digest:{user.pk}:{day.isoformat()}",
                            recipient=user.email,
                            recipient_name=str(user),
                            language=user.language,
                            subject=subject,
                            body_text=render_to_string("outreach/email/digest.txt", context),
                            body_html=render_to_string("outreach/email/digest.html", context),
                            user_id=user.pk,
                        )
                    ],
                    now=now,
                )
    except IntegrityError:
        return "done"  # another process claimed the same day first
    return "queued"


def digests_send(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Every staff member (editor role somewhere) whose morning it is gets their digest."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    users = User.objects.filter(
        is_active=True, memberships__role__in=[Membership.Role.STAFF, Membership.Role.COORDINATOR]
    )
    for user in users.distinct().order_by("pk"):
        outcome = digest_send(user=user, now=now)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts
