"""Contacts and organisations: the NGO's shared address book, with campaign data filtered by membership.

Contacts and organisations belong to no campaign; every signed-in member may read them. What a
campaign did with them (interactions, invitations, pitches, placements, mentions) is shown only
for the campaigns the user is a member of. Creating and editing needs a staff role somewhere.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from campaigns.audit import audit_event
from campaigns.models import AuditEntry
from campaigns.reports.timeline import contact_timeline_page
from campaigns.views.common import (
    FormToken,
    csv_response,
    editable_campaign_ids,
    new_form_token,
    paginate,
    querystring_without_page,
    require_any_edit,
    require_edit,
    visible_campaign_ids,
)
from config.uploads import LimitedUploadHandler
from outreach.forms import (
    ContactBulkForm,
    ContactFilterForm,
    ContactForm,
    ContactMergeForm,
    ImportForm,
    OrganisationFilterForm,
    OrganisationForm,
    OrganisationMergeForm,
)
from outreach.models import Contact, Interaction, Invitation, OpEd, Organisation, Pitch
from outreach.selectors import contacts_matching
from outreach.services import directory
from outreach.services.contacts_import import (
    COLUMNS,
    ImportPlan,
    RowError,
    contacts_import_apply,
    contacts_import_check,
)
from outreach.services.contacts_import import MAX_BYTES as IMPORT_MAX_BYTES
from outreach.services.invitations import invitations_create
from outreach.services.protection import contact_as_shown, contact_record_view, contacts_search_condition
from outreach.services.rights import can_see_contact_details
from outreach.views import trust as trust_views

IMPORT_SESSION_KEY = "contacts-import"
# A search lists the contacts of up to this many organisations named by it by their ids.
ORGANISATIONS_LISTED = 500
# An organisation's page lists this many of its people; the contacts list filtered by it has them all.
PEOPLE_SHOWN = 100

SORT_ORDER = {
    "name": ("full_name", "pk"),
    "organisation": ("organisation__name", "full_name", "pk"),
    "last_contact": ("last_contact", "full_name", "pk"),
}


def _filtered_contacts(request):
    campaign_ids = visible_campaign_ids(request.user)
    form = ContactFilterForm(request.GET or None, campaign_ids=campaign_ids)
    # Last contact: the latest interaction in a campaign the user sees (others' outreach stays hidden).
    last_contact = (
        Interaction.objects.filter(contact=OuterRef("pk"), campaign_id__in=campaign_ids)
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    contacts = (
        Contact.objects.select_related("organisation")
        .prefetch_related("tags")
        .annotate(last_contact=Subquery(last_contact))
    )
    # Archived contacts are left out (?archived=1 lists them); a protected one is found by the name shown.
    contacts = contacts.archived() if request.GET.get("archived") == "1" else contacts.active()
    sort = "name"
    if form.is_valid():
        data = form.cleaned_data
        sort = data["sort"] or "name"
        if data["q"]:
            contacts = contacts.filter(
                contacts_search_condition(data["q"]) | Q(organisation_id__in=_organisations_named(data["q"]))
            )
        if data["tag"]:
            contacts = contacts.filter(tags=data["tag"])
        if data["country"]:
            contacts = contacts.filter(country=data["country"])
        if data["kind"]:
            contacts = contacts.filter(organisation__kind=data["kind"])
        if data["organisation"]:
            contacts = contacts.filter(organisation__name__icontains=data["organisation"])
        if data["language"]:
            # JSON list membership, portable between SQLite and PostgreSQL.
            contacts = contacts.filter(languages__icontains=f'"{data["language"]}"')
        if data["campaign"]:
            campaign = data["campaign"]
            # Subqueries, not joins: each contact once, with no DISTINCT over the whole list.
            contacts = contacts.filter(
                Q(pk__in=Interaction.objects.filter(campaign=campaign).values("contact_id"))
                | Q(pk__in=Invitation.objects.filter(campaign=campaign).values("contact_id"))
                | Q(pk__in=Pitch.objects.filter(campaign=campaign).values("editor_id"))
                | Q(pk__in=OpEd.authors.through.objects.filter(oped__campaign=campaign).values("contact_id"))
            )
    column = sort.lstrip("-")
    descending = sort.startswith("-")
    contacts = contacts.order_by(
        *(
            F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
            for name in SORT_ORDER[column][:1]
        ),
        *SORT_ORDER[column][1:],
    )
    return form, contacts, sort


def _organisations_named(query: str):
    """The organisations whose name holds ``query``, as a list of ids when there are few: with a list,
    PostgreSQL finds the contacts from their own indexes (trigram, organisation); an OR across the
    join, or with a subquery, made it scan every contact (35 ms of the 43 ms count at 100,000)."""
    organisations = Organisation.objects.filter(name__icontains=query).values_list("pk", flat=True)
    ids = list(organisations[: ORGANISATIONS_LISTED + 1])
    return ids if len(ids) <= ORGANISATIONS_LISTED else organisations


def _sort_links(request, sort: str) -> dict:
    """Per sortable column: the link that sorts by it (again: the other way), and its aria-sort."""
    links = {}
    for column in SORT_ORDER:
        params = request.GET.copy()
        params.pop("page", None)
        params["sort"] = f"-{column}" if sort == column else column
        state = "ascending" if sort == column else "descending" if sort == f"-{column}" else "none"
        links[column] = {"url": "?" + params.urlencode(), "aria_sort": state}
    return links


def _list_page(request, template: str, form, rows, extra=None):
    """A filtered, paginated directory list (contacts or organisations)."""
    return render(
        request,
        template,
        {
            "form": form,
            "page": paginate(request, rows),
            "querystring": querystring_without_page(request),
            "can_edit": bool(editable_campaign_ids(request.user)),
            **(extra or {}),
        },
    )


def contact_list(request):
    form, contacts, sort = _filtered_contacts(request)
    # The page's tags as a plain list per contact: no related manager and queryset built per row.
    contacts = contacts.prefetch_related(None).prefetch_related(Prefetch("tags", to_attr="listed_tags"))
    extra = {"sort_links": _sort_links(request, sort), "sort": sort}
    editable = editable_campaign_ids(request.user)
    if editable:
        extra["bulk_form"] = ContactBulkForm(
            editable_campaign_ids=editable, initial={"back": querystring_without_page(request)}, auto_id="bulk-%s"
        )
    return _list_page(request, "outreach/contacts/list.html", form, contacts, extra)


def contact_export(request):
    _form, contacts, _sort = _filtered_contacts(request)
    return _contacts_csv(request, contacts)


def _contacts_csv(request, contacts):
    label = _("contacts.csv, %(count)d contacts") % {"count": contacts.count()}
    audit_event(event=AuditEntry.Event.EXPORTED, by=request.user, model=Contact, label=label)
    # A protected contact leaves with the name shown and the organisation only.
    rows = (_contact_row(contact_as_shown(c)) for c in contacts.iterator(chunk_size=500))
    return csv_response("contacts.csv", COLUMNS, rows)


@require_POST
def contact_bulk(request):
    """The list's bulk actions on the ticked contacts: add a tag, invite to a briefing, export as CSV."""
    require_any_edit(request.user)
    form = ContactBulkForm(request.POST, editable_campaign_ids=editable_campaign_ids(request.user))
    back = reverse("outreach:contact-list")
    back_query = request.POST.get("back", "")
    if back_query:
        back += "?" + QueryDict(back_query).urlencode()
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect(back)
    data = form.cleaned_data
    contacts = data["contacts"]
    action = data["action"]
    if action == ContactBulkForm.Action.EXPORT:
        chosen = Contact.objects.filter(pk__in=[c.pk for c in contacts])
        return _contacts_csv(request, chosen.select_related("organisation").prefetch_related("tags"))
    if action == ContactBulkForm.Action.TAG:
        tagged, skipped = directory.contacts_add_tag(contacts=contacts, tag=data["tag"], by=request.user)
        messages.success(
            request,
            ngettext("Tag %(tag)s added to %(count)d contact.", "Tag %(tag)s added to %(count)d contacts.", len(tagged))
            % {"tag": data["tag"].name, "count": len(tagged)},
        )
        if skipped:
            messages.warning(
                request,
                _("%(count)d protected contacts were left as they were.") % {"count": len(skipped)},
            )
        return redirect(back)
    briefing = data["briefing"]
    require_edit(request.user, briefing.campaign_id)
    batch = invitations_create(
        briefing=briefing, contacts=contacts_matching(contact_ids=[c.pk for c in contacts]), by=request.user
    )
    messages.success(
        request,
        _("Invited %(created)d contacts; %(already)d were already invited.")
        % {"created": len(batch.created), "already": len(batch.already_invited)},
    )
    return redirect(back)


def _contact_row(c: Contact) -> list:
    return [
        c.full_name,
        c.email,
        c.organisation.name if c.organisation else "",
        c.title,
        c.phone,
        c.country.code if c.country else "",
        ";".join(c.languages or []),
        c.preferred_language,
        ";".join(t.slug for t in c.tags.all()),
    ]


def contact_detail(request, pk: int):
    contact = get_object_or_404(Contact.objects.select_related("organisation"), pk=pk)
    timeline = contact_timeline_page(
        contact=contact,
        campaign_ids=visible_campaign_ids(request.user),
        page_number=request.GET.get("page"),
        show=request.GET.get("show", ""),
    )
    trust = trust_views.contact_page_context(request, contact)
    details_shown = can_see_contact_details(user=request.user, contact=contact)
    if contact.protected and details_shown:
        contact_record_view(contact=contact, by=request.user)  # every view of the details is on the trail
    shown = contact if details_shown else contact_as_shown(contact)
    return render(
        request,
        "outreach/contacts/detail.html",
        {
            "contact": shown,
            "timeline": timeline,
            "details_shown": details_shown,
            **_record_actions(request),
            **trust,
        },
    )


def _record_actions(request) -> dict:
    """Edit, merge and delete controls of a contact or organisation page (staff somewhere only)."""
    can_edit = bool(editable_campaign_ids(request.user))
    return {
        "can_edit": can_edit,
        "merge_token": new_form_token() if can_edit else "",
        "delete_token": new_form_token() if can_edit else "",
    }


def _edit(request, *, model_form, instance, template, success, save):
    """Create or edit a record through ``save(instance=..., values=..., by=...)`` (the service)."""
    require_any_edit(request.user)
    if request.method == "POST":
        token = FormToken(request)
        if not token.claim():
            messages.info(request, _("This was already saved."))
            return redirect(token.previous_url() or "home")
        form = model_form(request.POST, instance=instance)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in model_form._meta.fields}
            try:
                saved = save(instance=instance, values=values, by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            except IntegrityError:
                form.add_error(None, _("This conflicts with an existing record (same name or email)."))
            else:
                messages.success(request, _("Saved: %(name)s") % {"name": saved})
                target = success(saved)
                token.done(target)
                return redirect(target)
        token.release()
    else:
        form = model_form(instance=instance, initial={"form_token": new_form_token()})
    return render(request, template, {"form": form, "object": instance})


def _merge(request, *, model, pk: int, form_class, field: str, merge, detail: str):
    """Fold the record ``pk`` into the one picked in the form, through ``merge`` (the service)."""
    require_any_edit(request.user)
    token = FormToken(request)
    if not token.claim():
        messages.info(request, _("This was already done."))
        return redirect(token.previous_url() or "home")
    duplicate = get_object_or_404(model, pk=pk)
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        kept = merge(duplicate=duplicate, into=form.cleaned_data[field], by=request.user)
    except ValidationError as exc:
        token.release()
        messages.error(request, " ".join(exc.messages))
        return redirect(detail, pk=duplicate.pk)
    messages.success(request, _("%(duplicate)s was merged into %(kept)s.") % {"duplicate": duplicate, "kept": kept})
    target = reverse(detail, args=[kept.pk])
    token.done(target)
    return redirect(target)


def _delete(request, *, model, pk: int, delete, detail: str, done: str):
    """Delete the record ``pk`` through ``delete`` (the service), which refuses while others refer to it."""
    require_any_edit(request.user)
    token = FormToken(request)
    if not token.claim():
        messages.info(request, _("This was already done."))
        return redirect(token.previous_url() or "home")
    record = get_object_or_404(model, pk=pk)
    try:
        delete(record, by=request.user)
    except ValidationError as exc:
        token.release()
        messages.error(request, " ".join(exc.messages))
        return redirect(detail, pk=record.pk)
    messages.success(request, _("Deleted: %(name)s") % {"name": record})
    target = reverse(done)
    token.done(target)
    return redirect(target)


def _save_contact(*, instance: Contact | None, values: dict, by) -> Contact:
    if instance is None:
        return directory.contact_create(by=by, values=values)
    return directory.contact_update(contact=instance, by=by, changes=values)


def contact_edit(request, pk: int | None = None):
    instance = get_object_or_404(Contact.objects.select_related("organisation"), pk=pk) if pk else None
    if instance is not None and not can_see_contact_details(user=request.user, contact=instance):
        raise PermissionDenied(_("This contact is protected: only coordinators of its campaigns may change it."))
    return _edit(
        request,
        model_form=ContactForm,
        instance=instance,
        template="outreach/contacts/form.html",
        success=lambda c: reverse("outreach:contact-detail", args=[c.pk]),
        save=_save_contact,
    )


@require_POST
def contact_merge(request, pk: int):
    return _merge(
        request,
        model=Contact,
        pk=pk,
        form_class=ContactMergeForm,
        field="contact",
        merge=directory.contacts_merge,
        detail="outreach:contact-detail",
    )


@require_POST
def contact_delete(request, pk: int):
    return _delete(
        request,
        model=Contact,
        pk=pk,
        delete=lambda contact, by: directory.contact_delete(contact=contact, by=by),
        detail="outreach:contact-detail",
        done="outreach:contact-list",
    )


@csrf_exempt  # the upload handler must be set before anything reads the body; CSRF is checked just below
def contact_import(request):
    require_any_edit(request.user)
    request.upload_handlers = [LimitedUploadHandler(request, max_bytes=IMPORT_MAX_BYTES)]
    if request.method == "POST" and request.POST is not None and getattr(request, "upload_too_large", False):
        # Refused before (or while) the body was read, so its CSRF token may never have been read:
        # nothing is written, the page only says why.
        plan = ImportPlan(errors=[RowError(0, "", _("The file is larger than 1 MB; split it."))])
        context = {"form": ImportForm(), "plan": plan, "columns": COLUMNS}
        return render(request, "outreach/contacts/import.html", context, status=413)
    return _contact_import(request)


@csrf_protect
def _contact_import(request):
    plan = None
    if request.method == "POST" and request.POST.get("import_id"):
        stored = request.session.get(IMPORT_SESSION_KEY) or {}
        if stored.get("id") != request.POST["import_id"]:
            messages.info(request, _("This import was already done or has expired; upload the file again."))
            return redirect("outreach:contact-list")
        data = stored["data"].encode("utf-8")
        try:
            plan = contacts_import_apply(data=data, by=request.user)
        except IntegrityError:
            messages.error(request, _("Another person changed the contacts meanwhile; nothing was imported."))
            return redirect("outreach:contact-import")
        request.session.pop(IMPORT_SESSION_KEY, None)
        if plan.ok:
            messages.success(request, _("Imported %(count)d contacts.") % {"count": len(plan.rows)})
            return redirect("outreach:contact-list")
        form = ImportForm()
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read(IMPORT_MAX_BYTES + 1)
            plan = contacts_import_check(data=data)
            if plan.ok:
                request.session[IMPORT_SESSION_KEY] = {"id": uuid.uuid4().hex, "data": data.decode("utf-8-sig")}
    else:
        form = ImportForm()
    return render(
        request,
        "outreach/contacts/import.html",
        {
            "form": form,
            "plan": plan,
            "columns": COLUMNS,
            "import_id": (request.session.get(IMPORT_SESSION_KEY) or {}).get("id") if plan and plan.ok else "",
        },
    )


# --- Organisations ---------------------------------------------------------------------


def _filtered_organisations(request):
    campaign_ids = visible_campaign_ids(request.user)
    form = OrganisationFilterForm(request.GET or None, campaign_ids=campaign_ids)
    # Its people counted by a subquery for the rows shown: a join and GROUP BY counted the contacts
    # of every organisation before the page was cut (42 ms of SQL at 100,000 contacts).
    people = Contact.objects.filter(organisation=OuterRef("pk")).order_by().values("organisation")
    organisations = Organisation.objects.annotate(
        contact_count=Coalesce(Subquery(people.annotate(n=Count("pk")).values("n")), 0)
    ).order_by("name", "pk")
    organisations = organisations.archived() if request.GET.get("archived") == "1" else organisations.active()
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            organisations = organisations.filter(name__icontains=data["q"])
        if data["kind"]:
            organisations = organisations.filter(kind=data["kind"])
        if data["country"]:
            organisations = organisations.filter(country=data["country"])
        if data["partner"]:
            organisations = organisations.filter(is_partner=data["partner"] == "yes")
        if data["campaign"]:
            campaign = data["campaign"]
            ids = Organisation.objects.filter(
                Q(interactions__campaign=campaign)
                | Q(contacts__interactions__campaign=campaign)
                | Q(contacts__invitations__campaign=campaign)
            ).values("pk")
            organisations = organisations.filter(pk__in=ids)
    return form, organisations


def organisation_list(request):
    return _list_page(request, "outreach/organisations/list.html", *_filtered_organisations(request))


def organisation_export(request):
    _form, organisations = _filtered_organisations(request)
    label = _("organisations.csv, %(count)d organisations") % {"count": organisations.count()}
    audit_event(event=AuditEntry.Event.EXPORTED, by=request.user, model=Organisation, label=label)
    rows = (
        [
            o.name,
            o.kind,
            o.country.code if o.country else "",
            o.website,
            "yes" if o.is_partner else "no",
            o.contact_count,
        ]
        for o in organisations
    )
    return csv_response("organisations.csv", ["name", "kind", "country", "website", "partner", "contacts"], rows)


def organisation_detail(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    campaign_ids = visible_campaign_ids(request.user)
    people = organisation.contacts.order_by("full_name", "pk")
    shown = list(people[: PEOPLE_SHOWN + 1])
    # Its people by their ids (a subquery past that): with an OR across the join, or a subquery,
    # PostgreSQL walked every interaction newest first (75 ms at 200,000) to find an organisation's 40.
    ids = [contact.pk for contact in shown] if len(shown) <= PEOPLE_SHOWN else people.values("pk")
    interactions = (
        Interaction.objects.filter(Q(organisation=organisation) | Q(contact_id__in=ids))
        .filter(campaign_id__in=campaign_ids)
        .select_related("contact", "campaign", "logged_by")[:100]
    )
    invitations = (
        Invitation.objects.filter(contact__organisation=organisation, campaign_id__in=campaign_ids)
        .select_related("contact", "briefing")
        .order_by("-briefing__starts_at")[:100]
    )
    return render(
        request,
        "outreach/organisations/detail.html",
        {
            "organisation": organisation,
            "contacts": shown[:PEOPLE_SHOWN],
            "more_contacts": len(shown) > PEOPLE_SHOWN,
            "interactions": interactions,
            "invitations": invitations,
            **_record_actions(request),
            **trust_views.organisation_page_context(request, organisation),
        },
    )


def _save_organisation(*, instance: Organisation | None, values: dict, by) -> Organisation:
    if instance is None:
        return directory.organisation_create(by=by, values=values)
    return directory.organisation_update(organisation=instance, by=by, changes=values)


def organisation_edit(request, pk: int | None = None):
    instance = get_object_or_404(Organisation, pk=pk) if pk else None
    return _edit(
        request,
        model_form=OrganisationForm,
        instance=instance,
        template="outreach/organisations/form.html",
        success=lambda o: reverse("outreach:organisation-detail", args=[o.pk]),
        save=_save_organisation,
    )


@require_POST
def organisation_merge(request, pk: int):
    return _merge(
        request,
        model=Organisation,
        pk=pk,
        form_class=OrganisationMergeForm,
        field="organisation",
        merge=directory.organisations_merge,
        detail="outreach:organisation-detail",
    )


@require_POST
def organisation_delete(request, pk: int):
    return _delete(
        request,
        model=Organisation,
        pk=pk,
        delete=lambda organisation, by: directory.organisation_delete(organisation=organisation, by=by),
        detail="outreach:organisation-detail",
        done="outreach:organisation-list",
    )
