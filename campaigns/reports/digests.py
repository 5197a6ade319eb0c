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
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.models import Membership, User
from campaigns.reports.due import DueItem, DueList, new_mentions_for_user, overdue_for_others
from outreach.mail.drafts import EmailDraft, address_is_valid
from outreach.mail.queue import emails_queue
from outreach.models import DailyRun, Invitation, OutgoingEmail

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
    # Everything due (the email lists the first MINE_SHOWN; the home page has the rest).
    mine_total: int = 0
    escalated: list[DigestItem] = field(default_factory=list)
    # Press pickup found in the last day for the user's campaigns, the first few.
    mentions: list[MentionItem] = field(default_factory=list)
    mentions_total: int = 0
    mentions_url: str = ""

    @property
    def empty(self) -> bool:
        return not (self.mine or self.escalated or self.mentions)


MENTIONS_SHOWN = 15
MINE_SHOWN = 50


def _mention_items(user: User, now: dt.datetime) -> tuple[list[MentionItem], int]:
    """Mentions found in the 24 hours before ``now`` in the user's campaigns, newest first."""
    found = new_mentions_for_user(user=user, now=now).prefetch_related("terms")
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


def _title_and_detail(item: DueItem) -> tuple[str, str]:
    obj = item.obj
    if item.kind == "interaction":
        return obj.next_step or obj.summary[:120], str(obj.contact or obj.organisation)
    if item.kind == "pitch":
        detail = _("%(outlet)s has not answered since %(date)s") % {
            "outlet": obj.outlet,
            "date": obj.pitched_on.isoformat(),
        }
        return obj.op_ed.title, detail
    if item.kind == "briefing-invite":
        unsent = obj.invitations.exclude(emails__kind=OutgoingEmail.Kind.INVITATION).count()
        failed = OutgoingEmail.objects.filter(invitation__briefing=obj, status=OutgoingEmail.Status.FAILED).count()
        if not obj.invitations.exists():
            return obj.title, _("nobody is invited yet")
        return obj.title, _("%(unsent)d invitations not sent, %(failed)d emails failed") % {
            "unsent": unsent,
            "failed": failed,
        }
    unknown = obj.invitations.filter(status=Invitation.Status.ACCEPTED, attended__isnull=True).count()
    return obj.title, _("record the attendance of %(count)d accepted invitees") % {"count": unknown}


def _digest_item(item: DueItem, day: dt.date, owners: dict[int, str]) -> DigestItem:
    title, detail = _title_and_detail(item)
    return DigestItem(
        kind=item.kind,
        title=title,
        detail=detail,
        due=item.due,
        days_overdue=item.days_overdue(day),
        url=_url(item.path),
        campaign=item.campaign.name,
        owner=owners.get(item.owner_id, ""),
    )


def digest_build(*, user: User, now: dt.datetime) -> Digest:
    """What ``user`` has due or overdue on their local date, plus escalations for coordinators
    (the same "what is due" as the home page: campaigns.reports.due)."""
    day = _local_day(user, now).date()
    with translation.override(user.language):
        digest = Digest(user=user, day=day)
        mine, digest.mine_total = DueList(user=user, today=day, until=day, now=now).head(MINE_SHOWN)
        others = overdue_for_others(user=user, today=day)
        owners = {u.pk: str(u) for u in User.objects.filter(pk__in={i.owner_id for i in others} - {None})}
        digest.mine = [_digest_item(item, day, owners) for item in mine]
        digest.escalated = [_digest_item(item, day, owners) for item in others]
    digest.mentions, digest.mentions_total = _mention_items(user, now)
    digest.mentions_url = _url(reverse("media_tracker:media"))
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
