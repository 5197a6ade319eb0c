"""Reads of outreach data that the UI, the API and the jobs share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from outreach.mail.drafts import address_is_valid
from outreach.models import Contact, Invitation, OutgoingEmail


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


# --- Briefing email delivery --------------------------------------------------------------


@dataclass
class DeliveryRow:
    invitation: Invitation
    problem: str  # why no email can be sent (no or invalid address), or ""
    emails: list[OutgoingEmail]

    @property
    def invitation_email(self) -> OutgoingEmail | None:
        return next((email for email in self.emails if email.kind == OutgoingEmail.Kind.INVITATION), None)


def briefing_delivery(*, briefing) -> list[DeliveryRow]:
    """Per invitee: the emails queued for them (newest first) and any address problem."""
    invitations = list(
        Invitation.objects.filter(briefing=briefing)
        .select_related("contact", "contact__organisation")
        .prefetch_related(Prefetch("emails", queryset=OutgoingEmail.objects.order_by("-created_at")))
        .order_by("contact__full_name")
    )
    rows = []
    for invitation in invitations:
        email = invitation.contact.email
        problem = "" if address_is_valid(email) else (_("invalid email address") if email else _("no email address"))
        rows.append(DeliveryRow(invitation=invitation, problem=problem, emails=list(invitation.emails.all())))
    return rows
