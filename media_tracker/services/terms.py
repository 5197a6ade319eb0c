"""Tracked terms: those staff choose, those derived from campaign data, and the matcher over all."""

from __future__ import annotations

import logging
import threading

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum

from campaigns.models import Campaign
from media_tracker.matching import Matcher, Term
from media_tracker.models import TrackedTerm
from outreach.models import Contact, OpEd, Organisation

logger = logging.getLogger(__name__)

_cache_lock = threading.Lock()
_cached: tuple[tuple, Matcher] | None = None


def _active_terms():
    """Active terms of active or monitored campaigns."""
    return TrackedTerm.objects.filter(
        is_active=True,
        campaign__status__in=[
            Campaign.Status.ACTIVE,
            Campaign.Status.MONITORING,
        ],
    )


def current_matcher() -> Matcher:
    """The matcher over every active term, rebuilt only when the terms changed."""
    global _cached
    # Count, latest edit and id sum change whenever a term is added, edited, removed or its
    # campaign starts or stops running: one cheap aggregate instead of reloading every term.
    key = tuple(_active_terms().aggregate(n=Count("id"), latest=Max("updated_at"), ids=Sum("id")).values())
    with _cache_lock:
        if _cached is not None and _cached[0] == key:
            return _cached[1]
    rows = _active_terms().values_list("id", "campaign_id", "term")
    terms = [Term(id=pk, campaign_id=campaign_id, text=text) for pk, campaign_id, text in rows]
    matcher = Matcher(terms)
    with _cache_lock:
        _cached = (key, matcher)
    return matcher


def _derived_for(campaign: Campaign) -> dict[str, tuple[str, str]]:
    """lower-case term -> (term, kind) for the campaign's people, partners and op-eds."""
    wanted: dict[str, tuple[str, str]] = {}

    def add(text: str, kind: str) -> None:
        text = " ".join(text.split())
        if text:
            wanted.setdefault(text.lower(), (text[:300], kind))

    people = Contact.objects.filter(
        Q(briefings_spoken__campaign=campaign) | Q(op_eds__campaign=campaign) | Q(placements__campaign=campaign)
    ).distinct()
    for name in people.values_list("full_name", flat=True):
        add(name, TrackedTerm.Kind.PERSON)
    partners = Organisation.objects.filter(is_partner=True).filter(
        Q(interactions__campaign=campaign)
        | Q(contacts__invitations__briefing__campaign=campaign)
        | Q(contacts__briefings_spoken__campaign=campaign)
        | Q(contacts__op_eds__campaign=campaign)
    )
    for name in partners.distinct().values_list("name", flat=True):
        add(name, TrackedTerm.Kind.ORGANISATION)
    op_eds = OpEd.objects.filter(campaign=campaign).exclude(status=OpEd.Status.DROPPED)
    for title in op_eds.values_list("title", flat=True):
        add(title, TrackedTerm.Kind.OPED_TITLE)
    return wanted


def terms_refresh_derived(*, campaign: Campaign) -> tuple[int, int]:
    """Add terms for new people, partners and op-eds; retire derived terms that no longer apply.

    Terms that exist already (chosen by staff, or derived and switched off by staff) are left
    as they are. Returns (added, retired).
    """
    wanted = _derived_for(campaign)
    rows = campaign.tracked_terms.values_list("id", "term", "source")
    existing = {term.lower(): (pk, source) for pk, term, source in rows}
    added = 0
    for key, (text, kind) in wanted.items():
        if key in existing:
            continue
        try:
            with transaction.atomic():
                TrackedTerm.objects.create(campaign=campaign, term=text, kind=kind, source=TrackedTerm.Source.DERIVED)
            added += 1
        except IntegrityError:
            logger.info("derived term %r already tracked by campaign %s", text, campaign.pk)
    stale = [pk for key, (pk, source) in existing.items() if source == TrackedTerm.Source.DERIVED and key not in wanted]
    retired = 0
    if stale:
        # Terms that matched articles stay (switched off) so old mentions keep their terms.
        used = TrackedTerm.objects.filter(pk__in=stale, mentions__isnull=False).values("pk")
        retired += TrackedTerm.objects.filter(pk__in=stale).exclude(pk__in=used).delete()[0]
        retired += TrackedTerm.objects.filter(pk__in=stale, is_active=True).update(is_active=False)
    return added, retired


def terms_refresh_all_derived() -> tuple[int, int]:
    """terms_refresh_derived for every running campaign."""
    added = retired = 0
    for campaign in Campaign.objects.running():
        a, r = terms_refresh_derived(campaign=campaign)
        added, retired = added + a, retired + r
    return added, retired
