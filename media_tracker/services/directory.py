"""Outlets and articles, the media tracker's shared directory: archived, not deleted.

An archived outlet or article is hidden from lists and pickers and kept for every campaign that
refers to it (pitches, placements, mentions). Deleting one is for an administrator or a coordinator
of every campaign that refers to it: an article's mentions (each campaign's own rows) go with it and
its placements lose the link; an outlet is refused while articles, pitches or placements refer to it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.audit import audit_event
from campaigns.models import AuditEntry, MentionRollup
from config.audit import audited
from media_tracker.models import Article, Mention, Outlet, Placement
from outreach.models import Pitch
from outreach.services.directory import set_archived
from outreach.services.rights import require_delete_right

# What refers to an outlet and forbids deleting it (archive it instead).
OUTLET_REFERENCES = ("articles", "pitches", "placements")
# What refers to an article: its mentions and exclusivity breaches are deleted with it, its
# placements keep their URL.
ARTICLE_REFERENCES = ("mentions", "exclusivity_breaches", "placements")


def outlet_campaign_ids(outlet: Outlet) -> set[int]:
    """Campaigns that pitched to, were placed in or were mentioned by the outlet."""
    return (
        set(Pitch.objects.filter(outlet=outlet).values_list("campaign_id", flat=True))
        | set(Placement.objects.filter(outlet=outlet).values_list("campaign_id", flat=True))
        | set(Mention.objects.filter(article__outlet=outlet).values_list("campaign_id", flat=True))
        | set(MentionRollup.objects.filter(outlet=outlet).values_list("campaign_id", flat=True))
    )


def article_campaign_ids(article: Article) -> set[int]:
    """Campaigns with a mention of the article, a placement linked to it or a breach it shows."""
    return (
        set(article.mentions.values_list("campaign_id", flat=True))
        | set(article.placements.values_list("campaign_id", flat=True))
        | set(article.exclusivity_breaches.values_list("pitch__campaign_id", flat=True))
    )


@audited
@transaction.atomic
def outlet_archive(*, outlet: Outlet, by) -> Outlet:
    """Hide an outlet from lists and pickers; its feeds stop being polled only if marked inactive."""
    return set_archived(outlet, model=Outlet, archived=True, by=by)


@audited
@transaction.atomic
def outlet_unarchive(*, outlet: Outlet, by) -> Outlet:
    return set_archived(outlet, model=Outlet, archived=False, by=by)


@audited
@transaction.atomic
def outlet_delete(*, outlet: Outlet, by) -> None:
    """Delete an outlet nothing refers to any more (its feeds go with it); otherwise archive it."""
    outlet = Outlet.objects.select_for_update().get(pk=outlet.pk)
    require_delete_right(by=by, campaign_ids=outlet_campaign_ids(outlet), noun=_("outlet"))
    if any(getattr(outlet, name).exists() for name in OUTLET_REFERENCES):
        raise ValidationError(_("Articles, pitches or placements still refer to this outlet; archive it instead."))
    MentionRollup.objects.filter(outlet=outlet).delete()  # counts of no article any more (derived)
    outlet.delete()


@audited
@transaction.atomic
def article_archive(*, article: Article, by) -> Article:
    """Hide an article from the article lists; every campaign's mentions and placements keep it."""
    return set_archived(article, model=Article, archived=True, by=by)


@audited
@transaction.atomic
def article_unarchive(*, article: Article, by) -> Article:
    return set_archived(article, model=Article, archived=False, by=by)


@audited
@transaction.atomic
def article_delete(*, article: Article, by) -> None:
    """Delete an article with its mentions and exclusivity breaches (each campaign's own), for an
    administrator or a coordinator of every campaign with a mention of it, a placement linked to it
    or a breach it shows."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    require_delete_right(by=by, campaign_ids=article_campaign_ids(article), noun=_("article"))
    for campaign_id, count in _mentions_per_campaign(article).items():
        audit_event(
            event=AuditEntry.Event.DELETED,
            by=by,
            model=Mention,
            label=_("%(count)d mention of %(article)s") % {"count": count, "article": article},
            campaign_id=campaign_id,
        )
    article.mentions.all().delete()
    for breach in article.exclusivity_breaches.select_related("pitch__op_ed"):
        audit_event(event=AuditEntry.Event.DELETED, by=by, obj=breach, campaign_id=breach.pitch.op_ed.campaign_id)
        breach.delete()  # its notifications go with it
    audit_event(event=AuditEntry.Event.DELETED, by=by, obj=article)
    article.delete()


def _mentions_per_campaign(article: Article) -> dict[int, int]:
    counts: dict[int, int] = {}
    for campaign_id in article.mentions.values_list("campaign_id", flat=True):
        counts[campaign_id] = counts.get(campaign_id, 0) + 1
    return counts
