"""Mentions: which campaigns' terms an article contains."""

from __future__ import annotations

from django.db import transaction

from media_tracker.matching import Matcher, snippet
from media_tracker.models import Article, Mention
from media_tracker.services.terms import current_matcher


def article_match_text(article: Article) -> str:
    """What is matched: the headline, the byline and the text, one per line."""
    return "\n".join(part for part in (article.title, article.author, article.text) if part)


@transaction.atomic
def article_record_mentions(*, article: Article, matcher: Matcher | None = None) -> list[Mention]:
    """One pass of the matcher over the article; a mention per campaign with every term that matched.

    Running it again adds terms found since and changes nothing else.
    """
    text = article_match_text(article)
    found = (matcher or current_matcher()).find(text)
    mentions = []
    for campaign_id, match in found.items():
        mention, _created = Mention.objects.get_or_create(
            article=article,
            campaign_id=campaign_id,
            defaults={
                "snippet": snippet(text, match.first_start, match.first_end),
                "published_at": article.published_at,
            },
        )
        mention.terms.add(*match.term_ids)
        mentions.append(mention)
    return mentions
