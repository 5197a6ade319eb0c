"""Alerts: who asked to be told at once of which terms and op-eds, the in-app notifications, and
the alert emails, grouped: at most one per person per quarter of an hour.

A notification is written in the transaction that finds the mention (or the breach). The email
side runs then, and every minute from beat: a person's notifications not emailed yet go out as
one email whose outbox key names the person and the 15-minute window, so a second email in the
same window cannot be queued; what arrives meanwhile waits for the next window.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.models import Membership, User
from campaigns.permissions import can_view
from config.audit import audited
from media_tracker.models import AlertSubscription, ExclusivityBreach, Mention, Notification, TrackedTerm
from outreach.mail.drafts import EmailDraft, address_is_valid
from outreach.mail.queue import emails_queue
from outreach.models import OpEd, OutgoingEmail

WINDOW = dt.timedelta(minutes=15)
SHOWN_IN_EMAIL = 30


# --- Subscriptions ------------------------------------------------------------------------


@audited
@transaction.atomic
def alert_subscribe(*, by, term: TrackedTerm | None = None, op_ed: OpEd | None = None) -> AlertSubscription:
    """``by`` asks to be alerted at once of new mentions of ``term``, or of ``op_ed`` (any version's title)."""
    if (term is None) == (op_ed is None):
        raise ValidationError(_("Choose a term or an op-ed."))
    if op_ed is not None and op_ed.version_of_id:
        op_ed = op_ed.version_of  # the title term is the original's; its versions are its forms
    campaign_id = term.campaign_id if term is not None else op_ed.campaign_id
    if not can_view(user=by, campaign=campaign_id):
        raise ValidationError(_("You are not a member of this campaign."))
    subscription = AlertSubscription(user=by, campaign_id=campaign_id, term=term, op_ed=op_ed)
    subscription.full_clean()
    subscription.save()
    return subscription


@audited
@transaction.atomic
def alert_unsubscribe(*, subscription: AlertSubscription, by) -> None:
    if subscription.user_id != by.pk and not by.is_superuser:
        raise ValidationError(_("This alert belongs to someone else."))
    subscription.delete()


# --- Notifications ------------------------------------------------------------------------


def _title_terms_of(op_ed_ids) -> dict[int, int]:
    """term id -> op-ed id, for the derived title terms of these op-eds (title, any case)."""
    result = {}
    for op_ed in OpEd.objects.filter(pk__in=op_ed_ids):
        for term_id in TrackedTerm.objects.filter(
            campaign_id=op_ed.campaign_id, kind=TrackedTerm.Kind.OPED_TITLE, term__iexact=op_ed.title
        ).values_list("pk", flat=True):
            result[term_id] = op_ed.pk
    return result


def mentions_notify(*, matched: dict[int, list[int]], campaign_ids=None) -> list[Notification]:
    """In-app notifications for new mentions (mention id -> matched term ids) to the people
    alerted on one of their terms or op-eds; then their emails. Mentions marked not relevant
    (inherited from the same story) announce nothing. ``campaign_ids``: the mentions' campaigns,
    when the caller knows them (one query less)."""
    if not matched:
        return []
    mentions = {m.pk: m for m in Mention.objects.filter(pk__in=matched).exclude(relevance=Mention.Relevance.IRRELEVANT)}
    campaigns = {m.campaign_id for m in mentions.values()}
    subscriptions = list(AlertSubscription.objects.filter(campaign_id__in=campaigns))
    if not subscriptions:
        return []
    titles = _title_terms_of({s.op_ed_id for s in subscriptions if s.op_ed_id})
    rows = []
    for mention_id, term_ids in matched.items():
        mention = mentions.get(mention_id)
        if mention is None:
            continue
        op_eds = {titles[t] for t in term_ids if t in titles}
        users = {
            s.user_id
            for s in subscriptions
            if s.campaign_id == mention.campaign_id and (s.term_id in term_ids or s.op_ed_id in op_eds)
        }
        rows += [
            Notification(user_id=user, campaign_id=mention.campaign_id, kind=Notification.Kind.MENTION, mention=mention)
            for user in users
        ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    notifications_email(user_ids={row.user_id for row in rows})
    return rows


def breach_notify(*, breach: ExclusivityBreach) -> list[Notification]:
    """Tell the pitch's owner (or the op-ed's) and the campaign's coordinators."""
    pitch = breach.pitch
    campaign = pitch.op_ed.campaign
    users = set(
        Membership.objects.filter(campaign=campaign, role=Membership.Role.COORDINATOR).values_list("user_id", flat=True)
    )
    users |= {pk for pk in (campaign.coordinator_id, pitch.owner_id or pitch.op_ed.owner_id) if pk}
    rows = [
        Notification(user_id=user, campaign=campaign, kind=Notification.Kind.EXCLUSIVITY, breach=breach)
        for user in sorted(users)
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    notifications_email(user_ids=users)
    return rows


@audited
@transaction.atomic
def notifications_mark_read(*, by, ids: list[int] | None = None) -> int:
    """Mark ``by``'s notifications read (all of them, or those ``ids``); returns how many."""
    unread = Notification.objects.unread().filter(user=by)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def notification_line(notification: Notification) -> str:
    """One line saying what happened (in the active language)."""
    if notification.kind == Notification.Kind.MENTION:
        article = notification.mention.article
        return _("New mention in %(outlet)s: “%(title)s” %(url)s") % {
            "outlet": article.outlet.name,
            "title": article.title,
            "url": article.url,
        }
    breach = notification.breach
    return _(
        "Exclusivity breached: “%(op_ed)s” is exclusive to %(outlet)s until %(date)s, "
        "and appeared in %(other)s (by %(reason)s): %(url)s"
    ) % {
        "op_ed": breach.pitch.op_ed.title,
        "outlet": breach.pitch.outlet.name,
        "date": breach.pitch.exclusive_until.isoformat(),
        "other": breach.article.outlet.name,
        "reason": breach.get_reason_display(),
        "url": breach.article.url,
    }


def _window(now: dt.datetime) -> int:
    return int(now.timestamp() // WINDOW.total_seconds())


def notifications_email(*, user_ids=None, now: dt.datetime | None = None) -> int:
    """Queue one grouped alert email per person with notifications not emailed yet, unless one
    went out in the current 15-minute window. Returns the number of emails queued."""
    now = now or timezone.now()
    pending = Notification.objects.filter(emailed_at__isnull=True, created_at__lte=now)
    if user_ids is not None:
        pending = pending.filter(user_id__in=user_ids)
    queued = 0
    for user_id in sorted(set(pending.values_list("user_id", flat=True))):
        key = f"alerts:{user_id}:{_window(now)}"
        if OutgoingEmail.objects.filter(dedupe_key=key).exists():
            continue  # this window's email is out: the rest waits for the next one
        queued += _email_user(user_id, key, now)
    return queued


@transaction.atomic
def _email_user(user_id: int, key: str, now: dt.datetime) -> int:
    user = User.objects.get(pk=user_id)
    rows = list(
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(user=user, emailed_at__isnull=True, created_at__lte=now)
        .select_related("campaign", "mention__article__outlet", "breach__article__outlet")
        .select_related("breach__pitch__op_ed", "breach__pitch__outlet")
        .order_by("created_at", "pk")
    )
    if not rows:
        return 0
    if not user.is_active or not address_is_valid(user.email):
        Notification.objects.filter(pk__in=[r.pk for r in rows]).update(emailed_at=now)  # nobody to email
        return 0
    by_campaign: dict[str, list[str]] = defaultdict(list)
    with translation.override(user.language or "en"):
        for row in rows[:SHOWN_IN_EMAIL]:
            by_campaign[row.campaign.name].append(notification_line(row))
        subject = (
            _("Media alert: %(line)s") % {"line": notification_line(rows[0])}
            if len(rows) == 1
            else _("%(count)d media alerts") % {"count": len(rows)}
        )
        sections = [f"{name}\n" + "\n".join(f"- {line}" for line in lines) for name, lines in by_campaign.items()]
        body = "\n\n".join(sections)
        if len(rows) > SHOWN_IN_EMAIL:
            body += "\n\n" + _("…and %(count)d more.") % {"count": len(rows) - SHOWN_IN_EMAIL}
        body += "\n\n" + _("All your alerts: %(url)s") % {"url": settings.SITE_URL + reverse("media_tracker:alerts")}
    queued = emails_queue(
        [
            EmailDraft(
                kind=OutgoingEmail.Kind.ALERT,
                dedupe_key=key,
                recipient=user.email,
                recipient_name=str(user),
                language=user.language or "en",
                subject=subject,
                body_text=body,
                user_id=user.pk,
            )
        ],
        now=now,
    )
    if not queued:
        return 0  # another process queued this window's email first: these wait for the next
    Notification.objects.filter(pk__in=[r.pk for r in rows]).update(emailed_at=now)
    return 1
