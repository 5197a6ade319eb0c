"""A contact's whole timeline, newest first, one page at a time: outreach with them, invitations and
their answers, pitches to them as editor, placements they spoke in and press mentions of them, only
in the campaigns the user may see.

The entries are one SQL ``UNION ALL`` of (kind, id, time) ordered and paged by the database, so a
contact with years of outreach costs one page of rows, then one query per kind on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import CharField, DateTimeField, F, Q, Value
from django.db.models.functions import Cast, Coalesce

from media_tracker.models import Mention, Placement, TrackedTerm
from outreach.models import Contact, Interaction, Invitation, Pitch

PER_PAGE = 25


@dataclass(frozen=True)
class Entry:
    kind: str  # interaction, invitation, answer, pitch, placement, mention
    when: object
    obj: object

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.obj.pk}"


def _rows(queryset, kind: str, when):
    return (
        queryset.order_by()
        .annotate(entry_kind=Value(kind, output_field=CharField()), entry_id=F("pk"), entry_when=when)
        .values_list("entry_kind", "entry_id", "entry_when")
    )


def _at(field: str):
    return Cast(field, DateTimeField())


def contact_timeline_entries(*, contact: Contact, campaign_ids):
    """The (kind, id, time) rows of a contact's timeline, newest first (a queryset to page)."""
    campaign_ids = list(campaign_ids)
    person_terms = TrackedTerm.objects.filter(
        campaign_id__in=campaign_ids, kind=TrackedTerm.Kind.PERSON, term__iexact=contact.full_name
    )
    mentioned = Mention.objects.filter(terms__in=person_terms).values("pk")
    parts = [
        _rows(
            Interaction.objects.filter(contact=contact, campaign_id__in=campaign_ids), "interaction", F("occurred_at")
        ),
        _rows(
            Invitation.objects.filter(contact=contact, campaign_id__in=campaign_ids),
            "invitation",
            Coalesce("sent_at", "created_at"),
        ),
        _rows(
            Invitation.objects.filter(contact=contact, campaign_id__in=campaign_ids, answered_at__isnull=False).exclude(
                status=Invitation.Status.INVITED
            ),
            "answer",
            F("answered_at"),
        ),
        _rows(
            Pitch.objects.filter(editor=contact, campaign_id__in=campaign_ids),
            "pitch",
            Coalesce(_at("pitched_on"), "created_at"),
        ),
        _rows(
            Placement.objects.filter(spokespeople=contact, campaign_id__in=campaign_ids),
            "placement",
            _at("published_on"),
        ),
        _rows(
            Mention.objects.filter(Q(pk__in=mentioned), campaign_id__in=campaign_ids),
            "mention",
            Coalesce("published_at", "found_at"),
        ),
    ]
    first, *others = parts
    return first.union(*others, all=True).order_by("-entry_when", "-entry_kind", "-entry_id")


LOADERS = {
    "interaction": lambda ids: Interaction.objects.filter(pk__in=ids).select_related("campaign", "logged_by"),
    "invitation": lambda ids: Invitation.objects.filter(pk__in=ids).select_related("briefing__campaign"),
    "answer": lambda ids: Invitation.objects.filter(pk__in=ids).select_related("briefing__campaign"),
    "pitch": lambda ids: Pitch.objects.filter(pk__in=ids).select_related("op_ed__campaign", "outlet"),
    "placement": lambda ids: Placement.objects.filter(pk__in=ids).select_related("outlet", "campaign"),
    "mention": lambda ids: Mention.objects.filter(pk__in=ids).select_related("article__outlet", "campaign"),
}


def contact_timeline_page(*, contact: Contact, campaign_ids, page_number=None, show: str = ""):
    """One page of the timeline (a Paginator page of ``Entry``). ``show`` ("interaction-12"), when on
    the timeline, opens the page that holds it (the search links to an interaction that way)."""
    entries = contact_timeline_entries(contact=contact, campaign_ids=campaign_ids)
    paginator = Paginator(entries, PER_PAGE)
    if show and not page_number:
        kind, _, ref = show.partition("-")
        for index, (entry_kind, entry_id, _when) in enumerate(entries.iterator()):
            if entry_kind == kind and str(entry_id) == ref:
                page_number = index // PER_PAGE + 1
                break
    page = paginator.get_page(page_number)
    rows = list(page.object_list)
    by_kind: dict[str, list[int]] = {}
    for kind, ref, _when in rows:
        by_kind.setdefault(kind, []).append(ref)
    objects = {kind: {obj.pk: obj for obj in LOADERS[kind](ids)} for kind, ids in by_kind.items()}
    page.object_list = [Entry(kind=kind, when=when, obj=objects[kind][ref]) for kind, ref, when in rows]
    return page
