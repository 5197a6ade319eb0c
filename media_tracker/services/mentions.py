"""Mentions: which campaigns' terms an article contains, and whether staff find them relevant."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.permissions import can_edit
from config.audit import audited
from config.queue import enqueue_on_commit
from media_tracker.matching import Matcher, snippet
from media_tracker.models import Article, Mention, Placement
from media_tracker.services.alerts import mentions_notify
from media_tracker.services.terms import current_matcher

ROLLUP_TASK = "campaigns.reports.tasks.refresh_mention_rollups"


def article_match_text(article: Article) -> str:
    """What is matched: the headline, the byline and the text, one per line."""
    return "\n".join(part for part in (article.title, article.author, article.text) if part)


def _reviewed_in_story(article: Article, campaign_id: int) -> Mention | None:
    """The campaign's reviewed mention of another appearance of the same story, if any."""
    if not article.story_id:
        return None
    return (
        Mention.objects.filter(campaign_id=campaign_id, article__story_id=article.story_id)
        .exclude(article=article)
        .exclude(relevance=Mention.Relevance.UNREVIEWED)
        .order_by("-reviewed_at")
        .first()
    )


@transaction.atomic(savepoint=False)  # all or nothing with the caller's transaction, without a savepoint
def article_record_mentions(
    *,
    article: Article,
    matcher: Matcher | None = None,
    fresh: bool = False,
    story_is_new: bool = False,
    alerted_campaigns: frozenset[int] | None = None,
) -> list[Mention]:
    """One pass of the matcher over the article; a mention per campaign with every term that matched.

    Running it again adds terms found since and changes nothing else: a mention staff reviewed
    keeps its relevance, and the same story reappearing (another outlet, a new address) takes
    the relevance staff gave it. New mentions alert the people who asked. ``fresh``: the article
    was created in this transaction (so it has no mention yet), ``story_is_new``: its story too;
    ``alerted_campaigns``: the campaigns where someone is alerted, when the caller read them already.
    """
    text = article_match_text(article)
    found = (matcher or current_matcher()).find(text, language=article.language)
    if fresh and found:
        alerts = alerted_campaigns is None or bool(alerted_campaigns & set(found))
        return _record_fresh(article, text, found, inherit=not story_is_new, alerts=alerts)
    mentions, new = [], {}
    for campaign_id, match in found.items():
        defaults = {
            "snippet": snippet(text, match.first_start, match.first_end),
            "published_at": article.published_at,
        }
        reviewed = _reviewed_in_story(article, campaign_id)
        if reviewed is not None:
            defaults.update(relevance=reviewed.relevance, reviewed_at=timezone.now(), reviewed_by=reviewed.reviewed_by)
        mention, created = Mention.objects.get_or_create(article=article, campaign_id=campaign_id, defaults=defaults)
        mention.terms.add(*match.term_ids)
        mentions.append(mention)
        if created:
            new[mention.pk] = match.term_ids
    mentions_notify(matched=new)
    return mentions


def _record_fresh(article: Article, text: str, found: dict, *, inherit: bool, alerts: bool) -> list[Mention]:
    """The mentions of an article stored a moment ago, in two INSERTs (the ingest's hot path)."""
    now = timezone.now()
    mentions = []
    for campaign_id, match in found.items():
        mention = Mention(
            article=article,
            campaign_id=campaign_id,
            snippet=snippet(text, match.first_start, match.first_end),
            published_at=article.published_at,
            found_at=now,
            changed_at=now,
        )
        reviewed = _reviewed_in_story(article, campaign_id) if inherit else None
        if reviewed is not None:
            mention.relevance, mention.reviewed_at, mention.reviewed_by = reviewed.relevance, now, reviewed.reviewed_by
        mentions.append(mention)
    Mention.objects.bulk_create(mentions)
    through = Mention.terms.through
    through.objects.bulk_create(
        [through(mention_id=m.pk, trackedterm_id=t) for m in mentions for t in found[m.campaign_id].term_ids]
    )
    if alerts:
        mentions_notify(matched={m.pk: found[m.campaign_id].term_ids for m in mentions}, campaign_ids=list(found))
    return mentions


@audited
@transaction.atomic
def mention_mark_relevance(*, mention: Mention, relevance: str, by) -> Mention:
    """Staff say whether a mention is relevant (or undo it): dashboards, digests and the home
    page then count it or not, and polling again never brings it back."""
    mention = Mention.objects.select_for_update().get(pk=mention.pk)
    if by is not None and not can_edit(user=by, campaign=mention.campaign_id):
        raise ValidationError(_("Only the campaign's staff can review its mentions."))
    if relevance not in Mention.Relevance.values:
        raise ValidationError({"relevance": [_("Choose relevant, not relevant or not reviewed.")]})
    if (
        relevance == Mention.Relevance.IRRELEVANT
        and Placement.objects.filter(campaign_id=mention.campaign_id, article_id=mention.article_id).exists()
    ):
        raise ValidationError(
            {"relevance": [_("This article is one of the campaign's placements, so it cannot be marked not relevant.")]}
        )
    if mention.relevance == relevance:
        return mention
    now = timezone.now()
    reviewed = relevance != Mention.Relevance.UNREVIEWED
    mention.relevance = relevance
    mention.reviewed_by = by if reviewed else None
    mention.reviewed_at = now if reviewed else None
    mention.changed_at = now  # the rollups recount this mention's day
    mention.save(update_fields=["relevance", "reviewed_by", "reviewed_at", "changed_at"])
    enqueue_on_commit(ROLLUP_TASK)
    return mention
