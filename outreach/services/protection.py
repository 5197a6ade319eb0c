"""At-risk contacts: protecting them, who sees their details, exporting and erasing a person.

A contact is protected when marked so, or when their organisation is. Their phone, email, address
and notes are visible only to coordinators of a campaign the contact belongs to (outreach with them,
an invitation, an op-ed they wrote or a pitch to them as editor, in that campaign) and to
administrators; everyone else, the API, the CSV exports, the digests and the search see the name and
the organisation only, or the pseudonym a coordinator chose. Each view of the details by someone
entitled is written to the audit trail.
"""

from __future__ import annotations

import copy

from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.audit import audit_event
from campaigns.models import AuditEntry, Membership
from campaigns.permissions import campaign_ids_for
from config.audit import audited
from outreach.models import Contact, Interaction, Organisation, OutgoingEmail
from outreach.selectors import organisation_referring_campaign_ids
from outreach.services.rights import (
    require_details_right,
    require_person_right,
)

PRIVATE_FIELDS = ("email", "phone", "address", "notes")
# Protected contacts match a search by the name shown (the pseudonym when there is one), never by
# what only a few may see.
PROTECTED = Q(is_protected=True) | Q(organisation__is_protected=True)


def contact_as_shown(contact: Contact) -> Contact:
    """A copy of a protected contact for everyone else: the name shown and no private details."""
    if not contact.protected:
        return contact
    shown = copy.copy(contact)
    for name in PRIVATE_FIELDS:
        setattr(shown, name, "")
    shown.full_name = contact.display_name
    shown.pseudonym = ""
    return shown


def contacts_search_condition(query: str, *, exact: bool = False) -> Q:
    """Contacts a search for ``query`` finds: anyone by the name shown, unprotected ones by email too."""
    lookup = "iexact" if exact else "icontains"
    shown_name = (Q(pseudonym="") | ~PROTECTED) & Q(**{f"full_name__{lookup}": query})
    pseudonym = PROTECTED & ~Q(pseudonym="") & Q(**{f"pseudonym__{lookup}": query})
    # Implied by the rule below, but on the contact's own columns: PostgreSQL reads it from the
    # trigram indexes (outreach migration 0012) and checks the rule on the few rows it finds.
    candidates = (
        Q(**{f"full_name__{lookup}": query}) | Q(**{f"pseudonym__{lookup}": query}) | Q(**{f"email__{lookup}": query})
    )
    return candidates & (shown_name | pseudonym | (~PROTECTED & Q(**{f"email__{lookup}": query})))


def _require_coordinator(by) -> None:
    if by is not None and not (by.is_superuser or campaign_ids_for(user=by, at_least=Membership.Role.COORDINATOR)):
        raise ValidationError(_("Only a coordinator may protect contacts."), code="permission_denied")


@audited
@transaction.atomic
def contact_set_protection(*, contact: Contact, protected: bool, by, pseudonym: str = "") -> Contact:
    """Mark a contact at risk (optionally with a pseudonym shown instead of the name), or not any more.

    Any coordinator may protect someone; lifting it (or changing the pseudonym of someone protected)
    is for those who may see the contact's details.
    """
    _require_coordinator(by)
    contact = Contact.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=contact.pk)
    if contact.protected:
        require_details_right(by=by, contact=contact)
    pseudonym = (pseudonym or "").strip() if protected else ""
    before = {"is_protected": contact.is_protected, "pseudonym": contact.pseudonym}
    contact.is_protected, contact.pseudonym = protected, pseudonym
    contact.full_clean(exclude=["organisation", "tags"], validate_constraints=False)
    after = {"is_protected": contact.is_protected, "pseudonym": contact.pseudonym}
    if before == after:
        return contact
    with disable_auditlog():  # one "protection changed" entry says it
        contact.save(update_fields=["is_protected", "pseudonym", "updated_at"])
    changes = {name: [str(before[name]), str(after[name])] for name in before if before[name] != after[name]}
    audit_event(event=AuditEntry.Event.PROTECTED, by=by, obj=contact, changes=changes)
    return contact


@audited
@transaction.atomic
def organisation_set_protection(*, organisation: Organisation, protected: bool, by) -> Organisation:
    """Protect everyone at an organisation (or lift it: for an administrator or a coordinator of a
    campaign that worked with it or its people)."""
    _require_coordinator(by)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.is_protected == protected:
        return organisation
    if not protected and by is not None and not by.is_superuser:
        coordinated = campaign_ids_for(user=by, at_least=Membership.Role.COORDINATOR)
        if not coordinated & organisation_referring_campaign_ids(organisation_id=organisation.pk):
            raise ValidationError(
                _("Only a coordinator of a campaign that works with this organisation may lift its protection."),
                code="permission_denied",
            )
    organisation.is_protected = protected
    with disable_auditlog():
        organisation.save(update_fields=["is_protected", "updated_at"])
    audit_event(
        event=AuditEntry.Event.PROTECTED,
        by=by,
        obj=organisation,
        changes={"is_protected": [str(not protected), str(protected)]},
    )
    return organisation


@audited
def contact_record_view(*, contact: Contact, by) -> None:
    """Write to the audit trail that ``by`` saw a protected contact's details (the page calls this)."""
    if contact.protected:
        audit_event(event=AuditEntry.Event.VIEWED, by=by, obj=contact)


@audited
@transaction.atomic
def contact_erase(*, contact: Contact, by) -> Contact:
    """Erase a person at their request: their record is anonymised and archived, the free text of
    the outreach with them and of the emails to them is removed, and the audit trail keeps who did
    what and when about them but no longer what was written. Every campaign keeps its counts: the
    interactions, invitations and links stay, pointing at the anonymised record.
    """
    require_person_right(by=by, contact=contact)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    now = timezone.now()
    erased = _("Erased contact #%(id)d") % {"id": contact.pk}
    emails = OutgoingEmail.objects.filter(Q(invitation__contact=contact) | _addressed_to(contact))
    emails.filter(status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.SENDING]).update(
        status=OutgoingEmail.Status.FAILED, last_error="erased", updated_at=now
    )
    emails.update(recipient="erased@invalid", recipient_name="", subject="", body_text="", body_html="", attachments=[])
    with disable_auditlog():  # the old values must not be written down again
        Interaction.objects.filter(contact=contact).update(summary="—", next_step="", updated_at=now)
        contact.tags.clear()
        for name in (*PRIVATE_FIELDS, "title", "pseudonym"):
            setattr(contact, name, "")
        contact.full_name, contact.country, contact.languages = erased, "", []
        contact.organisation, contact.is_protected = None, False
        contact.archived_at = contact.archived_at or now
        contact.save()
    AuditEntry.objects.filter(contact_pk=contact.pk).update(
        object_repr=erased, changes={}, changes_text="", serialized_data=None, additional_data=None
    )
    audit_event(event=AuditEntry.Event.ERASED, by=by, obj=contact, label=erased)
    return contact


def _addressed_to(contact: Contact) -> Q:
    return Q(recipient__iexact=contact.email) if contact.email else Q(pk__in=[])
