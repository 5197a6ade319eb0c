"""Reads of outreach data that the UI, the API and the jobs share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from outreach.mail.drafts import address_is_valid
from outreach.models import Briefing, Contact, DeliveryEvent, Interaction, Invitation, OpEd, OutgoingEmail, Pitch
from outreach.services.consent import TOPIC_NAMES, active_suppressions, email_blocked_reason


def contacts_matching(
    *, organisation_ids: Iterable[int] = (), tag_slugs: Iterable[str] = (), contact_ids: Iterable[int] = ()
) -> QuerySet[Contact]:
    """Contacts in any of the organisations, with any of the tags, or picked by id (each once)."""
    condition = Q(pk__in=[]) | Q(organisation_id__in=list(organisation_ids)) | Q(pk__in=list(contact_ids))
    slugs = list(tag_slugs)
    if slugs:
        condition |= Q(tags__slug__in=slugs)
    ids = Contact.objects.active().filter(condition).values("pk")
    return Contact.objects.filter(pk__in=ids).select_related("organisation").order_by("full_name")


# --- Which campaigns a contact belongs to -------------------------------------------------


def _campaign_ids(contacts, *, referring: bool) -> set[int]:
    ids = (
        set(Interaction.objects.filter(contact__in=contacts).values_list("campaign_id", flat=True))
        | set(Invitation.objects.filter(contact__in=contacts).values_list("campaign_id", flat=True))
        | set(OpEd.objects.filter(authors__in=contacts).values_list("campaign_id", flat=True))
        | set(Pitch.objects.filter(editor__in=contacts).values_list("campaign_id", flat=True))
    )
    if referring:
        spokespeople = Contact.placements.through.objects.filter(contact__in=contacts)
        ids |= set(Briefing.objects.filter(speakers__in=contacts).values_list("campaign_id", flat=True))
        ids |= set(spokespeople.values_list("placement__campaign_id", flat=True))
    return ids


def contact_campaign_ids(*, contact_id: int) -> set[int]:
    """Campaigns a contact belongs to: outreach with them, invitations, op-eds they wrote and
    pitches to them as editor in that campaign (who may see a protected contact's details)."""
    return _campaign_ids([contact_id], referring=False)


def contact_referring_campaign_ids(*, contact_id: int) -> set[int]:
    """Every campaign that refers to a contact: those it belongs to, briefings it spoke at and
    placements it was a spokesperson for."""
    return _campaign_ids([contact_id], referring=True)


def organisation_referring_campaign_ids(*, organisation_id: int) -> set[int]:
    """Campaigns with outreach with the organisation or with its people."""
    people = Contact.objects.filter(organisation_id=organisation_id).values("pk")
    direct = Interaction.objects.filter(organisation_id=organisation_id).values_list("campaign_id", flat=True)
    return set(direct) | _campaign_ids(people, referring=True)


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


def briefing_delivery(*, briefing, invitation_ids: Iterable[int] | None = None) -> list[DeliveryRow]:
    """Per invitee (all, or those of ``invitation_ids``): the emails queued for them (newest first)
    with the provider's delivery events, and why they are not emailed (address, suppression, preferences)."""
    events = Prefetch("events", queryset=DeliveryEvent.objects.order_by("-occurred_at", "-pk"))
    emails = OutgoingEmail.objects.order_by("-created_at").prefetch_related(events)
    invitations = Invitation.objects.filter(briefing=briefing)
    if invitation_ids is not None:
        invitations = invitations.filter(pk__in=list(invitation_ids))
    invitations = list(
        invitations.select_related("contact", "contact__organisation")
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
