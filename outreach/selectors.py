"""Reads of outreach data that the UI, the API and the jobs share."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from outreach.models import Contact


def contacts_matching(
    *, organisation_ids: Iterable[int] = (), tag_slugs: Iterable[str] = (), contact_ids: Iterable[int] = ()
) -> QuerySet[Contact]:
    """Contacts in any of the organisations, with any of the tags, or picked by id (each once)."""
    condition = Q(pk__in=[]) | Q(organisation_id__in=list(organisation_ids)) | Q(pk__in=list(contact_ids))
    slugs = list(tag_slugs)
    if slugs:
        condition |= Q(tags__slug__in=slugs)
    ids = Contact.objects.filter(condition).values("pk")
    return Contact.objects.filter(pk__in=ids).select_related("organisation").order_by("full_name")
