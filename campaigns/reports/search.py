"""The header search: contacts, organisations, interactions, briefings, op-eds, pitches, outlets and
articles, each kind ranked on its own, only what the user may see.

Shared records (contacts, organisations, outlets, articles) are found by anyone signed in, archived
ones left out; a campaign's records (interactions, briefings, op-eds, pitches) only by its members
(``campaigns.permissions``). A protected contact is found by the name shown (the pseudonym when it
has one), never by email, name variants or, with a pseudonym, the real name.

Text is folded the same way on both sides (``parley_fold``: case, accents, Arabic vowel marks), so
"jose" finds "José". On PostgreSQL, names are matched as substrings through trigram indexes and
ranked by trigram word similarity; interactions and articles by words (full text, prefixes) and
ranked by ``ts_rank``; the few briefings, op-eds and pitches are read without an index. Large kinds
rank at most ``CANDIDATES`` matches, so a word found in half a million articles still answers fast.
SQLite (a laptop) matches every kind as substrings and orders by name or date.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q, QuerySet, Value
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from campaigns.permissions import campaign_ids_for
from config.db_functions import Fold, JsonText, TextMatch, TextRank, WordSimilarity, joined
from media_tracker.models import Article, Outlet
from outreach.models import Briefing, Contact, Interaction, OpEd, Organisation, Pitch
from outreach.services.protection import PROTECTED

TYPEAHEAD_LIMIT = 5
PAGE_LIMIT = 25
MIN_WORD = 3  # trigram indexes need three characters; shorter queries are refused with a message
MAX_WORDS = 8
CANDIDATES = 500  # names: trigram matches ranked
TEXT_CANDIDATES = 200  # interactions and articles: full-text matches ranked
# A word in 100,000 article titles would have the GIN index list them all before 200 are taken:
# PostgreSQL's soft limit makes the index scan return about this many (a random sample of them).
GIN_SAMPLE = 2000

KINDS = {
    "contact": _("Contacts"),
    "organisation": _("Organisations"),
    "interaction": _("Interactions"),
    "briefing": _("Briefings"),
    "op_ed": _("Op-eds"),
    "pitch": _("Pitches"),
    "outlet": _("Outlets"),
    "article": _("Articles"),
}


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    detail: str = ""
    when: dt.date | dt.datetime | None = None


@dataclass
class Group:
    kind: str
    label: str
    hits: list[Hit]
    more: bool  # more matches than shown


@dataclass
class SearchResults:
    query: str
    too_short: bool = False
    groups: list[Group] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(group.hits) for group in self.groups)


@dataclass(frozen=True)
class Terms:
    words: list[str]  # folded words of the query

    @property
    def tsquery(self) -> str:
        """Every word as a prefix (\\w+ only, so nothing in it is tsquery syntax)."""
        return " & ".join(f"'{word}':*" for word in self.words)

    @property
    def phrase(self) -> str:
        return " ".join(self.words)


def search_terms(query: str) -> Terms | None:
    """The query folded by the database's own ``parley_fold`` and cut into words; None when too short."""
    query = (query or "").strip()[:200]
    if not query:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT parley_fold(%s)", [query])
        folded = cursor.fetchone()[0] or ""
    words = [word for word in re.findall(r"\w+", folded) if word.strip("_")][:MAX_WORDS]
    if not words or max(len(word) for word in words) < MIN_WORD:
        return None
    return Terms(words=words)


def search_everything(*, user, query: str, limit: int = TYPEAHEAD_LIMIT) -> SearchResults:
    """Each kind's best ``limit`` matches of ``query`` that ``user`` may see, kinds without a match left out."""
    terms = search_terms(query)
    if terms is None:
        return SearchResults(query=query, too_short=bool((query or "").strip()))
    campaign_ids = sorted(campaign_ids_for(user=user))
    results = SearchResults(query=query)
    for kind, finder in FINDERS.items():
        hits = finder(terms, campaign_ids, limit + 1)
        if hits:
            results.groups.append(Group(kind=kind, label=str(KINDS[kind]), hits=hits[:limit], more=len(hits) > limit))
    return results


# --- Matching --------------------------------------------------------------------------------


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _contains_all(queryset: QuerySet, alias: str, terms: Terms) -> QuerySet:
    for word in terms.words:
        queryset = queryset.filter(**{f"{alias}__contains": word})
    return queryset


def _contains_all_q(alias: str, terms: Terms) -> Q:
    condition = Q()
    for word in terms.words:
        condition &= Q(**{f"{alias}__contains": word})
    return condition


def _words_match(queryset: QuerySet, document, terms: Terms) -> QuerySet:
    """Rows whose ``document`` holds every word: full text on PostgreSQL, substrings on SQLite."""
    if _postgres():
        return queryset.filter(TextMatch(document, Value(terms.tsquery)))
    return _contains_all(queryset.alias(_document=Fold(document)), "_document", terms)


def _bounded(queryset: QuerySet, candidates: int = CANDIDATES) -> QuerySet:
    """At most ``candidates`` matching rows, by primary key: what is then ranked."""
    model = queryset.model
    return model.objects.filter(pk__in=queryset.order_by().values("pk")[:candidates])


@contextmanager
def _sampled_text_search():
    """Full-text scans of very common words return a sample (``gin_fuzzy_search_limit``), for this
    query only; a GIN full-text scan never returns a row that does not match, so nothing wrong is found."""
    if not _postgres():
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL gin_fuzzy_search_limit = {GIN_SAMPLE}")
        try:
            yield
        finally:
            # Inside an outer transaction SET LOCAL would outlive this block: the name searches
            # after it must see every trigram match.
            cursor.execute("SET LOCAL gin_fuzzy_search_limit = 0")


# --- One finder per kind -------------------------------------------------------------------


def _contacts(terms: Terms, campaign_ids, limit: int) -> list[Hit]:
    # The exact expression of the search_contact_trgm index (name_variants is jsonb on PostgreSQL).
    blob = Fold(joined("full_name", "pseudonym", "email", JsonText("name_variants")))
    matches = (
        Contact.objects.active()
        .alias(_blob=blob, _name=Fold("full_name"), _pseudonym=Fold("pseudonym"))
        .filter(_contains_all_q("_blob", terms))
        .filter(
            (~PROTECTED)
            | (PROTECTED & Q(pseudonym="") & _contains_all_q("_name", terms))
            | (PROTECTED & ~Q(pseudonym="") & _contains_all_q("_pseudonym", terms))
        )
    )
    rows = (
        _bounded(matches)
        .select_related("organisation")
        .annotate(_rank=WordSimilarity(Value(terms.phrase), Fold(joined("full_name", "pseudonym"))))
        .order_by("-_rank", "full_name", "pk")[:limit]
    )
    return [
        Hit(
            title=contact.display_name,
            url=reverse("outreach:contact-detail", args=[contact.pk]),
            detail=contact.organisation.name if contact.organisation else "",
        )
        for contact in rows
    ]


def _named(model, terms: Terms, limit: int, *, url, detail) -> list[Hit]:
    rows = (
        model.objects.active()
        .alias(_name=Fold("name"))
        .filter(_contains_all_q("_name", terms))
        .annotate(_rank=WordSimilarity(Value(terms.phrase), Fold("name")))
        .order_by("-_rank", "name", "pk")[:limit]
    )
    return [Hit(title=row.name, url=url(row), detail=detail(row)) for row in rows]


def _organisations(terms: Terms, campaign_ids, limit: int) -> list[Hit]:
    return _named(
        Organisation,
        terms,
        limit,
        url=lambda o: reverse("outreach:organisation-detail", args=[o.pk]),
        detail=lambda o: " · ".join(filter(None, [str(o.get_kind_display()), str(o.country.name or "")])),
    )


def _outlets(terms: Terms, campaign_ids, limit: int) -> list[Hit]:
    return _named(
        Outlet,
        terms,
        limit,
        url=lambda o: reverse("media_tracker:media") + f"?outlet={o.pk}",
        detail=lambda o: " · ".join(filter(None, [str(o.get_kind_display()), str(o.country.name or "")])),
    )


def _interactions(terms: Terms, campaign_ids, limit: int) -> list[Hit]:
    document = joined("summary", "next_step")
    matches = _words_match(Interaction.objects.filter(campaign_id__in=campaign_ids), document, terms)
    with _sampled_text_search():
        rows = list(
            _bounded(matches, TEXT_CANDIDATES)
            .select_related("campaign", "contact__organisation", "organisation")
            .annotate(_rank=TextRank(document, Value(terms.tsquery)))
            .order_by("-_rank", "-occurred_at", "-pk")[:limit]
        )
    hits = []
    for interaction in rows:
        if interaction.contact_id:
            url = reverse("outreach:contact-detail", args=[interaction.contact_id])
            who = interaction.contact.display_name
        else:
            url = reverse("outreach:organisation-detail", args=[interaction.organisation_id])
            who = interaction.organisation.name
        hits.append(
            Hit(
                title=Truncator(interaction.summary).chars(90),
                url=f"{url}?show=interaction-{interaction.pk}#interaction-{interaction.pk}",
                detail=" · ".join([str(interaction.get_channel_display()), who, interaction.campaign.name]),
                when=interaction.occurred_at,
            )
        )
    return hits


def _briefings(terms: Terms, campaign_ids, limit: int) -> list[Hit]:
    rows = _contains_all(
        Briefing.objects.filter(campaign_id__in=campaign_ids).alias(
            _document=Fold(joined("title", "agenda", "location"))
        ),
        "_document",
        terms,
    ).select_related("campaign")
    rows = rows.annotate(_rank=WordSimilarity(Value(terms.phrase), Fold("title"))).order_by(
        "-_rank", "-starts_at", "-pk"
    )[:limit]
    return [
        Hit(
            title=b.title,
            url=reverse("outreach:briefing-detail", args=[b.pk]),
            detail=b.campaign.name,
            when=b.starts_at,
        )
        for b in rows
    ]


def _op_eds(terms: Terms, campaign_ids, limit: int) -> list[Hit]:
    rows = _contains_all(
        OpEd.objects.filter(campaign_id__in=campaign_ids).alias(_document=Fold(joined("title", "summary"))),
        "_document",
        terms,
    ).select_related("campaign")
    rows = rows.annotate(_rank=WordSimilarity(Value(terms.phrase), Fold("title"))).order_by("-_rank", "title", "pk")[
        :limit
    ]
    return [
        Hit(
            title=o.title,
            url=reverse("outreach:oped-board") + f"?campaign={o.campaign_id}#oped-{o.pk}",
            detail=" · ".join([str(o.get_status_display()), o.get_language_display(), o.campaign.name]),
        )
        for o in rows
    ]


def _pitches(terms: Terms, campaign_ids, limit: int) -> list[Hit]:
    """Pitches by their op-ed's title or their outlet's name (every word in one of them)."""
    op_eds = _contains_all(
        OpEd.objects.filter(campaign_id__in=campaign_ids).alias(_title=Fold("title")), "_title", terms
    ).values("pk")
    outlets = _contains_all(Outlet.objects.alias(_name=Fold("name")), "_name", terms).values("pk")
    rows = (
        Pitch.objects.filter(campaign_id__in=campaign_ids)
        .filter(Q(op_ed__in=op_eds) | Q(outlet__in=outlets))
        .select_related("op_ed", "outlet")
        .order_by("-pitched_on", "-pk")[:limit]
    )
    return [
        Hit(
            title=f"{p.op_ed.title} → {p.outlet.name}",
            url=reverse("outreach:pitch-edit", args=[p.pk]),
            detail=str(p.get_status_display()),
            when=p.pitched_on,
        )
        for p in rows
    ]


def _articles(terms: Terms, campaign_ids, limit: int) -> list[Hit]:
    document = joined("title", "author")
    matches = _words_match(Article.objects.active(), document, terms)
    with _sampled_text_search():
        rows = list(
            _bounded(matches, TEXT_CANDIDATES)
            .select_related("outlet")
            .annotate(_rank=TextRank(document, Value(terms.tsquery)))
            .order_by("-_rank", "-published_at", "-pk")[:limit]
        )
    return [
        Hit(
            title=a.title,
            url=reverse("media_tracker:media") + f"?article={a.pk}",
            detail=a.outlet.name,
            when=a.published_at,
        )
        for a in rows
    ]


FINDERS = {
    "contact": _contacts,
    "organisation": _organisations,
    "interaction": _interactions,
    "briefing": _briefings,
    "op_ed": _op_eds,
    "pitch": _pitches,
    "outlet": _outlets,
    "article": _articles,
}
