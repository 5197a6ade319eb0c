"""Inviting contacts to briefings (sending the emails is a job of its own)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from outreach.models import Briefing, Contact, Invitation


@dataclass
class InvitationBatch:
    created: list[Invitation] = field(default_factory=list)
    already_invited: list[Contact] = field(default_factory=list)


@transaction.atomic
def invitations_create(*, briefing: Briefing, contacts: Iterable[Contact], by) -> InvitationBatch:
    """Invite each contact once; contacts already invited are reported, not invited again."""
    batch = InvitationBatch()
    # Lock the briefing so two people inviting the same partners at once cannot both insert.
    Briefing.objects.select_for_update().filter(pk=briefing.pk).first()
    invited = set(Invitation.objects.filter(briefing=briefing).values_list("contact_id", flat=True))
    seen: set[int] = set()
    for contact in contacts:
        if contact.pk in invited:
            batch.already_invited.append(contact)
        elif contact.pk not in seen:
            seen.add(contact.pk)
            batch.created.append(Invitation(briefing=briefing, contact=contact, invited_by=by))
    batch.created = Invitation.objects.bulk_create(batch.created)
    return batch
