"""Archiving, protecting, exporting and erasing directory records from their pages, and a contact's
audit trail. Every change goes through the directory and protection services."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from campaigns import permissions
from campaigns.audit import audit_trail
from campaigns.models import Membership
from campaigns.reports.person import contact_export
from campaigns.views.audit import audit_csv, audit_page, coordinated_campaign_ids, entry_row
from campaigns.views.common import FormToken, new_form_token
from outreach.models import Contact, Organisation
from outreach.selectors import contact_referring_campaign_ids, organisation_referring_campaign_ids
from outreach.services import directory
from outreach.services.protection import (
    PRIVATE_FIELDS,
    contact_erase,
    contact_set_protection,
    organisation_set_protection,
)
from outreach.services.rights import can_see_contact_details

# Changes of these fields are shown as "…" to coordinators who may not see a protected contact's details.
HIDDEN_WHEN_PROTECTED = frozenset({*PRIVATE_FIELDS, "full_name", "pseudonym"})


class ContactProtectionForm(forms.Form):
    protected = forms.BooleanField(label=gettext_lazy("At risk: show the details to few people"), required=False)
    pseudonym = forms.CharField(label=gettext_lazy("Pseudonym (optional)"), required=False)


class OrganisationProtectionForm(forms.Form):
    protected = forms.BooleanField(label=gettext_lazy("Everyone here is at risk"), required=False)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(label=gettext_lazy("Yes, erase this person"), required=True)


def _is_coordinator(user) -> bool:
    return user.is_superuser or bool(permissions.campaign_ids_for(user=user, at_least=Membership.Role.COORDINATOR))


def contact_page_context(request, contact: Contact) -> dict:
    """What the contact page adds: archive, protection, export and erasure controls, the audit trail."""
    user = request.user
    referring = contact_referring_campaign_ids(contact_id=contact.pk)
    coordinator = _is_coordinator(user)
    can_see = can_see_contact_details(user=user, contact=contact)
    person_right = permissions.can_delete_shared(user=user, campaign_ids=referring)
    entries = audit_trail(campaign_ids=coordinated_campaign_ids(user), contact_id=contact.pk) if coordinator else None
    hidden = frozenset() if can_see else HIDDEN_WHEN_PROTECTED
    shown_as = None if can_see else (Contact, contact.pk, contact.display_name)
    return {
        "can_archive": permissions.can_edit_directory(user=user),
        "can_delete": person_right,
        "can_protect": coordinator and (can_see or not contact.protected),
        "can_export_erase": person_right,
        "protection_form": ContactProtectionForm(
            initial={"protected": contact.is_protected, "pseudonym": contact.pseudonym if can_see else ""}
        ),
        "erase_form": EraseForm(),
        "trust_token": new_form_token(),
        "audit_rows": [entry_row(e, hidden_fields=hidden, shown_as=shown_as) for e in entries[:10]]
        if entries is not None
        else None,
        "audit_url": reverse("outreach:contact-audit", args=[contact.pk]),
    }


def organisation_page_context(request, organisation: Organisation) -> dict:
    user = request.user
    return {
        "can_archive": permissions.can_edit_directory(user=user),
        "can_delete": permissions.can_delete_shared(
            user=user, campaign_ids=organisation_referring_campaign_ids(organisation_id=organisation.pk)
        ),
        "can_protect": _is_coordinator(user),
        "protection_form": OrganisationProtectionForm(initial={"protected": organisation.is_protected}),
        "trust_token": new_form_token(),
    }


def _run(request, *, call, done: str, target: str):
    """One POST through a service: a double click does it once; a refusal is an error message."""
    token = FormToken(request)
    if not token.claim():
        messages.info(request, _("This was already done."))
        return redirect(token.previous_url() or target)
    try:
        call()
    except ValidationError as exc:
        token.release()
        messages.error(request, " ".join(exc.messages))
        return redirect(target)
    messages.success(request, done)
    token.done(target)
    return redirect(target)


def _contact(pk: int) -> Contact:
    return get_object_or_404(Contact.objects.select_related("organisation"), pk=pk)


@require_POST
def contact_archive(request, pk: int):
    contact = _contact(pk)
    return _run(
        request,
        call=lambda: directory.contact_archive(contact=contact, by=request.user),
        done=_("Archived: %(name)s. Campaigns that worked with them keep them.") % {"name": contact},
        target=reverse("outreach:contact-detail", args=[pk]),
    )


@require_POST
def contact_unarchive(request, pk: int):
    contact = _contact(pk)
    return _run(
        request,
        call=lambda: directory.contact_unarchive(contact=contact, by=request.user),
        done=_("Back in the address book: %(name)s") % {"name": contact},
        target=reverse("outreach:contact-detail", args=[pk]),
    )


@require_POST
def organisation_archive(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    return _run(
        request,
        call=lambda: directory.organisation_archive(organisation=organisation, by=request.user),
        done=_("Archived: %(name)s. Campaigns that worked with them keep them.") % {"name": organisation},
        target=reverse("outreach:organisation-detail", args=[pk]),
    )


@require_POST
def organisation_unarchive(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    return _run(
        request,
        call=lambda: directory.organisation_unarchive(organisation=organisation, by=request.user),
        done=_("Back in the address book: %(name)s") % {"name": organisation},
        target=reverse("outreach:organisation-detail", args=[pk]),
    )


@require_POST
def contact_protect(request, pk: int):
    contact = _contact(pk)
    form = ContactProtectionForm(request.POST)
    target = reverse("outreach:contact-detail", args=[pk])
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(target)
    return _run(
        request,
        call=lambda: contact_set_protection(contact=contact, by=request.user, **form.cleaned_data),
        done=_("Protection saved."),
        target=target,
    )


@require_POST
def organisation_protect(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationProtectionForm(request.POST)
    form.is_valid()
    return _run(
        request,
        call=lambda: organisation_set_protection(
            organisation=organisation, protected=form.cleaned_data.get("protected", False), by=request.user
        ),
        done=_("Protection saved."),
        target=reverse("outreach:organisation-detail", args=[pk]),
    )


@require_POST
def contact_export_view(request, pk: int):
    """Everything Parley holds about the person, as one JSON file."""
    contact = _contact(pk)
    try:
        document = contact_export(contact=contact, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("outreach:contact-detail", pk=pk)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.json"'
    return response


@require_POST
def contact_erase_view(request, pk: int):
    contact = _contact(pk)
    form = EraseForm(request.POST)
    target = reverse("outreach:contact-detail", args=[pk])
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm the erasure."))
        return redirect(target)
    return _run(
        request,
        call=lambda: contact_erase(contact=contact, by=request.user),
        done=_("The person was erased; the campaigns keep their counts."),
        target=target,
    )


def _contact_audit_entries(request, pk: int):
    if not _is_coordinator(request.user):
        raise PermissionDenied(_("Only coordinators read the audit trail."))
    contact = _contact(pk)
    entries = audit_trail(campaign_ids=coordinated_campaign_ids(request.user), contact_id=contact.pk)
    if can_see_contact_details(user=request.user, contact=contact):
        return contact, entries, {}
    return contact, entries, {"hidden_fields": HIDDEN_WHEN_PROTECTED, "shown_as": (Contact, pk, contact.display_name)}


@require_safe
def contact_audit(request, pk: int):
    contact, entries, masking = _contact_audit_entries(request, pk)
    return audit_page(
        request,
        entries=entries,
        title=_("Audit trail: %(name)s") % {"name": contact.display_name},
        back_url=reverse("outreach:contact-detail", args=[pk]),
        csv_url=reverse("outreach:contact-audit-csv", args=[pk]),
        **masking,
    )


@require_safe
def contact_audit_csv(request, pk: int):
    contact, entries, masking = _contact_audit_entries(request, pk)
    return audit_csv(
        request, entries=entries, filename=f"contact-{pk}-audit.csv", model=Contact, obj=contact, **masking
    )
