"""Reads of the briefing page: its invitees (filtered, a page at a time), their answers rolled up
per partner, and the type-ahead that finds whom to invite next. Each runs a fixed number of
queries, however large the directory or the list of invitees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from outreach.models import Contact, Invitation, Organisation, Tag
from outreach.services.protection import contacts_search_condition

INVITE_SEARCH_LIMIT = 8


def briefing_invitees(*, briefing, answer: str = "", name: str = "") -> QuerySet[Invitation]:
    """The briefing's invitations by invitee name, narrowed to one answer and to a name search."""
    invitations = Invitation.objects.filter(briefing=briefing)
    if answer in Invitation.Status.values:
        invitations = invitations.filter(status=answer)
    if name.strip():
        invitations = invitations.filter(contact__in=Contact.objects.filter(contacts_search_condition(name.strip())))
    return invitations.select_related("contact__organisation").order_by("contact__full_name", "pk")


def briefing_answer_summary(*, briefing) -> dict:
    """How many invitees gave each answer, and which partners will be represented, may come, have
    not answered at all or declined (two queries, however many invitees)."""
    counts = dict.fromkeys(Invitation.Status.values, 0)
    for row in Invitation.objects.filter(briefing=briefing).values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    statuses: dict[str, set[str]] = {}
    rows = (
        Invitation.objects.filter(briefing=briefing)
        .values_list("contact__organisation__name", "status")
        .distinct()
        .order_by()
    )
    for organisation, status in rows:
        statuses.setdefault(organisation or "", set()).add(status)
    groups: dict[str, list[str]] = {"represented": [], "undecided": [], "silent": [], "declined": []}
    for organisation in sorted(statuses):
        found = statuses[organisation]
        if Invitation.Status.ACCEPTED in found:
            key = "represented"
        elif Invitation.Status.TENTATIVE in found:
            key = "undecided"
        elif found == {Invitation.Status.INVITED}:
            key = "silent"
        else:
            key = "declined"
        groups[key].append(organisation)
    return {"counts": counts, "total": sum(counts.values()), **groups}


@dataclass
class InviteCandidate:
    kind: str  # "organisation", "tag" or "contact"
    value: str  # what the invite form takes: an id, or a tag's slug
    label: str
    people: int = 0  # how many people an organisation or a tag reaches
    organisation: str = ""  # a person's organisation


def invite_candidates(
    *, query: str, chosen: dict[str, Iterable[str]] | None = None, limit: int = INVITE_SEARCH_LIMIT
) -> list[InviteCandidate]:
    """At most ``limit`` organisations, tags and people whose name contains ``query`` (ignoring case),
    leaving out those already chosen; each kind gets its turn so one kind cannot crowd out the others."""
    query = query.strip()
    if len(query) < 2:
        return []
    chosen = chosen or {}

    def ids(kind):
        return [int(v) for v in chosen.get(kind, ()) if str(v).isdigit()]

    people_count = Count("contacts", filter=Q(contacts__archived_at__isnull=True), distinct=True)
    organisations = [
        InviteCandidate("organisation", str(o.pk), o.name, people=o.people)
        for o in Organisation.objects.active()
        .filter(name__icontains=query)
        .exclude(pk__in=ids("organisations"))
        .annotate(people=people_count)
        .order_by("name")[:limit]
    ]
    tags = [
        InviteCandidate("tag", t.slug, t.name, people=t.people)
        for t in Tag.objects.filter(name__icontains=query)
        .exclude(slug__in=list(chosen.get("tags", ())))
        .annotate(people=people_count)
        .order_by("name")[:limit]
    ]
    people = [
        InviteCandidate(
            "contact", str(c.pk), c.display_name, organisation=c.organisation.name if c.organisation else ""
        )
        for c in Contact.objects.active()
        .filter(contacts_search_condition(query))
        .exclude(pk__in=ids("contacts"))
        .select_related("organisation")
        .order_by("full_name")[:limit]
    ]
    picked: list[InviteCandidate] = []
    queues = [organisations, tags, people]
    while len(picked) < limit and any(queues):
        for queue in queues:
            if queue and len(picked) < limit:
                picked.append(queue.pop(0))
    order = {"organisation": 0, "tag": 1, "contact": 2}
    return sorted(picked, key=lambda candidate: order[candidate.kind])
