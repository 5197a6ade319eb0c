"""Reads of outreach data that the UI, the API and the jobs share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from outreach.mail.drafts import address_is_valid
from outreach.models import Contact, DeliveryEvent, Invitation, OutgoingEmail
from outreach.services.consent import TOPIC_NAMES, active_suppressions, email_blocked_reason


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
    problem: str  # why the invitation is not emailed (no or invalid address, suppressed, opted out), or ""
    emails: list[OutgoingEmail]
    # Other briefing emails this invitee does not get (opted out of reminders and nudges).
    notes: list[str]

    @property
    def invitation_email(self) -> OutgoingEmail | None:
        return next((email for email in self.emails if email.kind == OutgoingEmail.Kind.INVITATION), None)


def briefing_delivery(*, briefing) -> list[DeliveryRow]:
    """Per invitee: the emails queued for them (newest first) with the provider's delivery events,
    and why they are not emailed (address, suppression, preferences)."""
    events = Prefetch("events", queryset=DeliveryEvent.objects.order_by("-occurred_at", "-pk"))
    emails = OutgoingEmail.objects.order_by("-created_at").prefetch_related(events)
    invitations = list(
        Invitation.objects.filter(briefing=briefing)
        .select_related("contact", "contact__organisation")
        .prefetch_related(Prefetch("emails", queryset=emails))
        .order_by("contact__full_name")
    )
    suppressions = active_suppressions(invitation.contact.email for invitation in invitations)
    rows = []
    for invitation in invitations:
        contact = invitation.contact
        email = contact.email
        problem = "" if address_is_valid(email) else (_("invalid email address") if email else _("no email address"))
        problem = problem or email_blocked_reason(
            contact=contact, kind=OutgoingEmail.Kind.INVITATION, invitation=invitation, suppressions=suppressions
        )
        notes = []
        if not problem and not contact.email_reminders:
            notes.append(_("opted out of %(topic)s") % {"topic": TOPIC_NAMES["reminders"]})
        rows.append(
            DeliveryRow(invitation=invitation, problem=problem or "", emails=list(invitation.emails.all()), notes=notes)
        )
    return rows
