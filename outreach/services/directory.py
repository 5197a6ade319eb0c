"""The shared address book: organisations and contacts created, edited, merged and deleted.

The contact pages, the API and the admin all call these. A merge folds a duplicate into the
record kept, so nothing that referred to the duplicate is lost. Records are archived, not deleted:
an archived record is hidden from lists, pickers and searches and kept for every campaign that refers
to it. Only a superuser or a coordinator of every campaign that refers to a record may delete it, and
a delete is still refused while anything refers to it (merge or archive it instead).
"""

from __future__ import annotations

from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.audit import audit_event
from campaigns.models import AuditEntry
from config.audit import audited
from outreach.models import Contact, Invitation, Organisation, Tag
from outreach.selectors import contact_referring_campaign_ids, organisation_referring_campaign_ids
from outreach.services.rights import (
    can_see_contact_details,
    require_delete_right,
    require_details_right,
    require_directory_editor,
)

CONTACT_FIELDS = frozenset(
    {
        "full_name",
        "address",
        "organisation",
        "title",
        "email",
        "phone",
        "country",
        "languages",
        "preferred_language",
        "tags",
        "notes",
        "name_variants",
    }
)
ORGANISATION_FIELDS = frozenset({"name", "kind", "country", "website", "is_partner", "notes"})

# What refers to a record (reverse relations), and so forbids deleting it.
# Many-to-many links (op-ed authors, briefing speakers, placement spokespeople) are rows Django
# deletes with the contact: checking them here is what keeps another campaign's links.
CONTACT_REFERENCES = (
    "interactions",
    "invitations",
    "pitches",
    "op_eds",
    "briefings_spoken",
    "placements",
    "targeted_by_asks",
)
ORGANISATION_REFERENCES = ("contacts", "interactions", "outlets")


@audited
def set_archived(record, *, model, archived: bool, by):
    """Archive (or bring back) a shared record; doing it twice changes nothing and records nothing."""
    require_directory_editor(by=by)
    record = model.objects.select_for_update().get(pk=record.pk)
    if (record.archived_at is not None) == archived:
        return record
    record.archived_at = timezone.now() if archived else None
    with disable_auditlog():  # one entry below says it, rather than a bare change of a date
        record.save(update_fields=["archived_at", "updated_at"])
    audit_event(event=AuditEntry.Event.ARCHIVED if archived else AuditEntry.Event.UNARCHIVED, by=by, obj=record)
    return record


def _checked(values: dict, allowed: frozenset[str]) -> dict:
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"Not an editable field: {', '.join(sorted(unknown))}")
    values = {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}
    # An empty list field of a form comes as None: the row keeps an empty list.
    for name in ("languages", "name_variants"):
        if name in values and values[name] is None:
            values[name] = []
    return values


def _locked_pair(model, duplicate, into):
    """Lock both records, in id order so two merges of the same pair cannot deadlock."""
    if duplicate.pk == into.pk:
        raise ValidationError(
            _("A contact cannot be merged into itself.")
            if model is Contact
            else _("An organisation cannot be merged into itself.")
        )
    rows = {row.pk: row for row in model.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk])}
    if len(rows) != 2:
        raise ValidationError(_("One of the two records no longer exists."))
    return rows[duplicate.pk], rows[into.pk]


def _fill_blanks(kept, duplicate, fields) -> None:
    for name in fields:
        if not getattr(kept, name) and getattr(duplicate, name):
            setattr(kept, name, getattr(duplicate, name))
    if duplicate.notes and duplicate.notes not in kept.notes:
        kept.notes = f"{kept.notes}\n\n{duplicate.notes}".strip()


# --- Contacts --------------------------------------------------------------------------


@audited
@transaction.atomic
def contact_create(*, by, values: dict) -> Contact:
    """Add a person to the address book; ``values`` are Contact fields (``tags``: Tag objects)."""
    values = _checked(values, CONTACT_FIELDS)
    tags = values.pop("tags", None)
    contact = Contact(**values)
    contact.full_clean()
    contact.save()
    if tags is not None:
        contact.tags.set(tags)
    return contact


@audited
@transaction.atomic
def contacts_add_tag(*, contacts, tag: Tag, by) -> tuple[list[Contact], list[Contact]]:
    """Put ``tag`` on each contact (the list page's bulk action). A protected contact the user may not
    see the details of is left as it is. Returns (tagged, skipped); a contact that had the tag is tagged."""
    require_directory_editor(by=by)
    tagged, skipped = [], []
    for contact in Contact.objects.filter(pk__in=[c.pk for c in contacts]).select_related("organisation"):
        if by is not None and not can_see_contact_details(user=by, contact=contact):
            skipped.append(contact)
        else:
            tagged.append(contact)
    Contact.tags.through.objects.bulk_create(
        [Contact.tags.through(contact_id=contact.pk, tag_id=tag.pk) for contact in tagged], ignore_conflicts=True
    )
    if tagged:
        audit_event(
            event=AuditEntry.Event.CHANGED,
            by=by,
            model=Contact,
            label=_("Tag %(tag)s added to %(count)d contacts") % {"tag": tag.name, "count": len(tagged)},
        )
    return tagged, skipped


@audited
@transaction.atomic
def contact_update(*, contact: Contact, by, changes: dict) -> Contact:
    """Change some fields of a contact (the others stay as they are)."""
    changes = _checked(changes, CONTACT_FIELDS)
    tags = changes.pop("tags", None)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    require_details_right(by=by, contact=contact)
    for name, value in changes.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    if tags is not None:
        contact.tags.set(tags)
    return contact


@audited
@transaction.atomic
def contacts_merge(*, duplicate: Contact, into: Contact, by) -> Contact:
    """Fold ``duplicate`` into ``into`` (the record kept) and delete it.

    Its outreach, invitations, pitches (as editor), op-eds (as author), briefings (as speaker),
    placements (as spokesperson), asks (as a person at the target),
    consent history and tags move to the kept record; an invitation to a briefing
    the kept record is already invited to is dropped, after lending the kept one its answer,
    attendance and sending if the kept one has none. Blank fields of the kept record are filled
    from the duplicate, languages are joined and notes appended.
    """
    duplicate, kept = _locked_pair(Contact, duplicate, into)
    for record in (duplicate, kept):  # a merge moves details from one record to the other
        require_details_right(by=by, contact=record)
    now = timezone.now()
    duplicate.interactions.update(contact=kept, updated_at=now)
    _move_invitations(duplicate=duplicate, kept=kept, now=now)
    duplicate.pitches.update(editor=kept, updated_at=now)
    kept.op_eds.add(*duplicate.op_eds.all())
    kept.briefings_spoken.add(*duplicate.briefings_spoken.all())
    kept.placements.add(*duplicate.placements.all())
    kept.targeted_by_asks.add(*duplicate.targeted_by_asks.all())
    kept.tags.add(*duplicate.tags.all())
    duplicate.email_preference_changes.update(contact=kept)  # the consent record stays whole

    _fill_blanks(kept, duplicate, ("organisation", "title", "email", "phone", "country"))
    kept.languages = list(dict.fromkeys([*(kept.languages or []), *(duplicate.languages or [])]))
    _record_merge(duplicate, kept, by)
    duplicate.delete()  # first: the kept record may take over its email address
    kept.full_clean()
    kept.save()
    return kept


def _record_merge(duplicate, kept, by) -> None:
    """On both records' trails: what was folded into what (the duplicate's own trail stays)."""
    label = f"{duplicate} \u2192 {kept}"
    changes = {"merged into": [f"#{duplicate.pk} {duplicate}", f"#{kept.pk} {kept}"]}
    audit_event(event=AuditEntry.Event.MERGED, by=by, obj=kept, label=label, changes=changes)
    if isinstance(duplicate, Contact):
        audit_event(event=AuditEntry.Event.MERGED, by=by, obj=duplicate, label=label, changes=changes)


def _move_invitations(*, duplicate: Contact, kept: Contact, now) -> None:
    theirs = {invitation.briefing_id: invitation for invitation in kept.invitations.select_for_update()}
    for invitation in duplicate.invitations.select_for_update():
        own = theirs.get(invitation.briefing_id)
        if own is None:
            invitation.contact = kept
            invitation.save(update_fields=["contact", "updated_at"])
            continue
        if own.status == Invitation.Status.INVITED and invitation.status != Invitation.Status.INVITED:
            own.status, own.answered_at = invitation.status, invitation.answered_at
        if own.attended is None:
            own.attended = invitation.attended
        if own.sent_at is None and invitation.sent_at is not None:
            own.sent_at, own.invited_by = invitation.sent_at, own.invited_by or invitation.invited_by
            invitation.emails.update(invitation=own, updated_at=now)
        own.save()
        invitation.delete()


@audited
@transaction.atomic
def contact_archive(*, contact: Contact, by) -> Contact:
    """Hide a contact from lists, pickers and searches; every campaign that used it keeps it."""
    return set_archived(contact, model=Contact, archived=True, by=by)


@audited
@transaction.atomic
def contact_unarchive(*, contact: Contact, by) -> Contact:
    """Bring an archived contact back into lists and pickers."""
    return set_archived(contact, model=Contact, archived=False, by=by)


@audited
@transaction.atomic
def contact_delete(*, contact: Contact, by) -> None:
    """Delete a contact: only an administrator or a coordinator of every campaign that refers to it,
    and only once nothing refers to it any more (merge or archive it instead)."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    require_delete_right(by=by, campaign_ids=contact_referring_campaign_ids(contact_id=contact.pk), noun=_("contact"))
    if any(getattr(contact, name).exists() for name in CONTACT_REFERENCES):
        # No counts or names: what refers to it may belong to campaigns the user cannot see.
        raise ValidationError(
            _(
                "Outreach, invitations, op-eds, pitches or placements still refer to this contact; "
                "merge it into the contact you keep instead, or archive it."
            )
        )
    contact.delete()


# --- Organisations ---------------------------------------------------------------------


@audited
@transaction.atomic
def organisation_create(*, by, values: dict) -> Organisation:
    """Add an organisation to the address book; ``values`` are Organisation fields."""
    organisation = Organisation(**_checked(values, ORGANISATION_FIELDS))
    organisation.full_clean()
    organisation.save()
    return organisation


@audited
@transaction.atomic
def organisation_update(*, organisation: Organisation, by, changes: dict) -> Organisation:
    """Change some fields of an organisation (the others stay as they are)."""
    changes = _checked(changes, ORGANISATION_FIELDS)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    for name, value in changes.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    return organisation


@audited
@transaction.atomic
def organisations_merge(*, duplicate: Organisation, into: Organisation, by) -> Organisation:
    """Fold ``duplicate`` into ``into`` (the record kept) and delete it: its people, outreach and
    outlets move to the kept one, whose blank fields are filled from the duplicate."""
    duplicate, kept = _locked_pair(Organisation, duplicate, into)
    now = timezone.now()
    duplicate.contacts.update(organisation=kept, updated_at=now)
    duplicate.interactions.update(organisation=kept, updated_at=now)
    duplicate.outlets.update(organisation=kept, updated_at=now)
    _fill_blanks(kept, duplicate, ("country", "website"))
    kept.is_partner = kept.is_partner or duplicate.is_partner
    if kept.kind == Organisation.Kind.OTHER:
        kept.kind = duplicate.kind
    _record_merge(duplicate, kept, by)
    duplicate.delete()
    kept.full_clean()
    kept.save()
    return kept


@audited
@transaction.atomic
def organisation_archive(*, organisation: Organisation, by) -> Organisation:
    """Hide an organisation from lists and pickers; its people and every campaign's records stay."""
    return set_archived(organisation, model=Organisation, archived=True, by=by)


@audited
@transaction.atomic
def organisation_unarchive(*, organisation: Organisation, by) -> Organisation:
    """Bring an archived organisation back into lists and pickers."""
    return set_archived(organisation, model=Organisation, archived=False, by=by)


@audited
@transaction.atomic
def organisation_delete(*, organisation: Organisation, by) -> None:
    """Delete an organisation: only an administrator or a coordinator of every campaign that refers to
    it, and only once nothing refers to it any more (merge or archive it instead)."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    campaign_ids = organisation_referring_campaign_ids(organisation_id=organisation.pk)
    require_delete_right(by=by, campaign_ids=campaign_ids, noun=_("organisation"))
    if any(getattr(organisation, name).exists() for name in ORGANISATION_REFERENCES):
        raise ValidationError(
            _(
                "Contacts, outreach or outlets still refer to this organisation; "
                "merge it into the organisation you keep instead, or archive it."
            )
        )
    organisation.delete()
