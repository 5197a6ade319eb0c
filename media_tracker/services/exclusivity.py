"""Exclusivities: an op-ed promised to one outlet until a date, found elsewhere before it."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from media_tracker.matching import normalise
from media_tracker.models import Article, ExclusivityBreach
from media_tracker.services.alerts import breach_notify
from media_tracker.services.placements import MIN_TITLE_WORDS_IN_BODY, author_names
from media_tracker.shingles import same_piece
from outreach.models import OpEd, Pitch

# A declined, withdrawn or expired pitch frees the piece.
BINDING_STATUSES = (Pitch.Status.PITCHED, Pitch.Status.ACCEPTED, Pitch.Status.PLACED)


def _contains(haystack: str, needle: str) -> bool:
    core = needle.strip()
    return bool(core) and f" {core} " in haystack


def breach_reason(*, pitch: Pitch, article: Article) -> str:
    """Why ``article`` is the pitched op-ed (a ExclusivityBreach.Reason), or "" when it is not.

    The op-ed counts in any of its language versions: by its title (in the headline, or in the
    body when it has a few words), by its authors' names together (two authors or more: one
    name alone is a quote, not the piece), or by its stored text (shared 5-word sequences).
    """
    original = pitch.op_ed.version_of or pitch.op_ed
    versions = [original, *original.language_versions.all()]
    headline, body = normalise(article.title), normalise(article.text)
    for version in versions:
        title = normalise(version.title)
        if _contains(headline, title) or (title.count(" ") - 1 >= MIN_TITLE_WORDS_IN_BODY and _contains(body, title)):
            return ExclusivityBreach.Reason.TITLE
    authors = {author.pk: author for version in versions for author in version.authors.all()}
    everything = normalise(article.author) + body
    if len(authors) >= 2 and all(
        any(_contains(everything, normalise(name)) for name in author_names(author)) for author in authors.values()
    ):
        return ExclusivityBreach.Reason.AUTHORS
    for version in versions:
        if version.text.strip() and same_piece(version.text, article.text):
            return ExclusivityBreach.Reason.TEXT
    return ""


def article_check_exclusivity(*, article: Article) -> list[ExclusivityBreach]:
    """Record (and announce) each exclusivity that ``article`` breaks: an op-ed promised to another
    outlet until a later date. Checking the same article again records nothing new."""
    day = timezone.localdate(article.published_at) if article.published_at else timezone.localdate()
    versions = OpEd.objects.prefetch_related("authors")
    pitches = (
        Pitch.objects.filter(exclusive_until__gte=day, status__in=BINDING_STATUSES)
        .exclude(outlet_id=article.outlet_id)
        .select_related("op_ed__campaign", "op_ed__version_of", "outlet")
        .prefetch_related(
            "op_ed__authors",
            "op_ed__version_of__authors",
            Prefetch("op_ed__language_versions", queryset=versions),
            Prefetch("op_ed__version_of__language_versions", queryset=versions),
        )
    )
    breaches = []
    for pitch in pitches:
        if pitch.pitched_on and day < pitch.pitched_on:
            continue  # ran before it was even pitched: not a breach of this promise
        reason = breach_reason(pitch=pitch, article=article)
        if not reason:
            continue
        try:
            with transaction.atomic():
                breach = ExclusivityBreach.objects.create(pitch=pitch, article=article, reason=reason)
        except IntegrityError:
            continue  # recorded already
        breach_notify(breach=breach)
        breaches.append(breach)
    return breaches
