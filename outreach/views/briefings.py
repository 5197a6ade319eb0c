"""Briefings: create, edit, move or cancel, invite partners in bulk, follow answers, record an
answer given by phone and tick attendance. Every change goes through outreach/services/."""

from __future__ import annotations

import zoneinfo
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from campaigns import permissions
from campaigns.audit import audit_event
from campaigns.models import AuditEntry
from campaigns.views.common import (
    FormToken,
    csv_response,
    editable_campaign_ids,
    new_form_token,
    require_any_edit,
    require_edit,
    require_view,
    visible_campaign_ids,
)
from outreach.briefing_selectors import briefing_answer_summary, briefing_invitees, invite_candidates
from outreach.forms import BriefingForm, InvitationAnswerForm, InviteForm
from outreach.models import Briefing, Invitation
from outreach.selectors import briefing_delivery, contacts_matching
from outreach.services import briefings as briefing_services
from outreach.services.invitations import (
    invitation_record_answer,
    invitation_record_attendance,
    invitations_create,
)

CREATE_FIELDS = ("campaign", "title", "agenda", "starts_at", "ends_at", "time_zone", "online_url", "location")


def briefing_list(request):
    campaign_ids = visible_campaign_ids(request.user)
    briefings = Briefing.objects.filter(campaign_id__in=campaign_ids).select_related("campaign")
    campaign = request.GET.get("campaign", "")
    if campaign.isdigit():
        briefings = briefings.filter(campaign_id=int(campaign))
    return render(
        request,
        "outreach/briefings/list.html",
        {"briefings": briefings, "can_create": bool(editable_campaign_ids(request.user))},
    )


def briefing_create(request):
    campaign_ids = editable_campaign_ids(request.user)
    require_any_edit(request.user)
    if request.method == "POST":
        token = FormToken(request)
        if not token.claim():
            messages.info(request, _("This briefing was already created."))
            return redirect(token.previous_url() or "outreach:briefing-list")
        form = BriefingForm(request.POST, campaign_ids=campaign_ids)
        if form.is_valid():
            try:
                briefing = briefing_services.briefing_create(
                    by=request.user, **{name: form.cleaned_data[name] for name in CREATE_FIELDS}
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Briefing created. Now invite partners."))
                target = reverse("outreach:briefing-detail", args=[briefing.pk]) + "#invite"
                token.done(target)
                return redirect(target)
        token.release()
    else:
        initial = {"form_token": new_form_token(), "time_zone": request.user.time_zone}
        if len(campaign_ids) == 1:
            initial["campaign"] = next(iter(campaign_ids))
        form = BriefingForm(initial=initial, campaign_ids=campaign_ids)
    return render(request, "outreach/briefings/form.html", {"form": form})


def briefing_edit(request, pk: int):
    """Edit a briefing; moving or cancelling it emails the updated entry to its invitees."""
    briefing = get_object_or_404(Briefing.objects.select_related("campaign"), pk=pk)
    require_edit(request.user, briefing.campaign)
    if request.method == "POST":
        stored_status = briefing.status  # the form writes what was typed onto its instance
        form = BriefingForm(request.POST, instance=briefing, campaign_ids=[briefing.campaign_id])
        if form.is_valid():
            data = form.cleaned_data
            changes = {name: data[name] for name in briefing_services.EDITABLE_FIELDS if name in data}
            try:
                with transaction.atomic():
                    report = briefing_services.briefing_update(briefing=briefing, by=request.user, changes=changes)
                    if data["status"] != stored_status:
                        moved = briefing_services.briefing_set_status(
                            briefing=briefing, status=data["status"], by=request.user
                        )
                        report.queued += moved.queued
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                if report.queued:
                    messages.success(
                        request,
                        ngettext(
                            "Saved. %(count)d invitee will get the updated calendar entry.",
                            "Saved. %(count)d invitees will get the updated calendar entry.",
                            len(report.queued),
                        )
                        % {"count": len(report.queued)},
                    )
                else:
                    messages.success(request, _("Saved."))
                return redirect("outreach:briefing-detail", pk=briefing.pk)
    else:
        # Times are typed in the briefing's own time zone, so show them there.
        zone = zoneinfo.ZoneInfo(briefing.time_zone)
        initial = {
            name: timezone.localtime(getattr(briefing, name), zone).replace(tzinfo=None)
            for name in ("starts_at", "ends_at")
        }
        form = BriefingForm(instance=briefing, initial=initial, campaign_ids=[briefing.campaign_id])
    return render(request, "outreach/briefings/form.html", {"form": form, "briefing": briefing})


INVITEES_PER_PAGE = 25


def _invitees(request, briefing) -> dict:
    """One page of invitees, narrowed by the answer and name typed in the filter (kept in every link)."""
    answer = request.GET.get("answer", "")
    answer = answer if answer in Invitation.Status.values else ""
    name = request.GET.get("name", "").strip()[:100]
    paginator = Paginator(briefing_invitees(briefing=briefing, answer=answer, name=name), INVITEES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    rows = briefing_delivery(briefing=briefing, invitation_ids=[invitation.pk for invitation in page.object_list])
    return {
        "page": page,
        "invitee_rows": rows,
        "answer_filter": answer,
        "name_filter": name,
        "querystring": urlencode({key: value for key, value in (("answer", answer), ("name", name)) if value}),
    }


def _detail_context(request, briefing, *, invite_error: str = "") -> dict:
    return {
        "briefing": briefing,
        "can_edit": permissions.can_edit(user=request.user, campaign=briefing.campaign_id),
        "has_started": briefing.starts_at <= timezone.now() and briefing.status != Briefing.Status.CANCELLED,
        "form_token": new_form_token(),
        "invite_error": invite_error,
        "answer_choices": Invitation.Status.choices,
        "summary": briefing_answer_summary(briefing=briefing),
        **_invitees(request, briefing),
    }


def briefing_detail(request, pk: int):
    briefing = get_object_or_404(Briefing.objects.select_related("campaign"), pk=pk)
    require_view(request.user, briefing.campaign_id)
    context = _detail_context(request, briefing)
    if request.htmx and request.GET.get("part") == "answers":
        return render(request, "outreach/briefings/_answers.html", context)
    return render(request, "outreach/briefings/detail.html", context)


def _chosen(request) -> dict[str, list[str]]:
    return {kind: request.GET.getlist(kind) for kind in ("organisations", "tags", "contacts")}


def briefing_invite_search(request, pk: int):
    """The invite form's type-ahead: at most a handful of organisations, tags and people by name."""
    briefing = get_object_or_404(Briefing, pk=pk)
    require_edit(request.user, briefing.campaign_id)
    query = request.GET.get("q", "").strip()[:100]
    candidates = invite_candidates(query=query, chosen=_chosen(request))
    return render(request, "outreach/briefings/_invite_results.html", {"candidates": candidates, "query": query})


@require_POST
def briefing_invite(request, pk: int):
    briefing = get_object_or_404(Briefing.objects.select_related("campaign"), pk=pk)
    require_edit(request.user, briefing.campaign_id)
    target = reverse("outreach:briefing-detail", args=[briefing.pk])
    token = FormToken(request)
    if not token.claim():
        messages.info(request, _("These invitations were already created."))
        return redirect(token.previous_url() or target)
    form = InviteForm(request.POST)
    if not form.is_valid():
        token.release()
        # The form's fields are never rendered: their choices are the whole directory.
        error = " ".join(str(message) for messages_ in form.errors.values() for message in messages_)
        context = _detail_context(request, briefing, invite_error=error)
        return render(request, "outreach/briefings/detail.html", context, status=400)
    data = form.cleaned_data
    contacts = contacts_matching(
        organisation_ids=[o.pk for o in data["organisations"]],
        tag_slugs=[t.slug for t in data["tags"]],
        contact_ids=[c.pk for c in data["contacts"]],
    )
    batch = invitations_create(briefing=briefing, contacts=contacts, by=request.user)
    messages.success(
        request,
        _("Invited %(created)d contacts; %(already)d were already invited.")
        % {"created": len(batch.created), "already": len(batch.already_invited)},
    )
    token.done(target)
    return redirect(target)


@require_POST
def invitation_attendance(request, pk: int):
    invitation = get_object_or_404(Invitation.objects.select_related("briefing", "contact"), pk=pk)
    require_edit(request.user, invitation.briefing.campaign_id)
    attended = {"yes": True, "no": False}.get(request.POST.get("attended"))
    error = ""
    try:
        invitation = invitation_record_attendance(invitation=invitation, attended=attended, by=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        context = {"invitation": invitation, "can_edit": True, "error": error}
        return render(request, "outreach/briefings/_attendance.html", context)
    if error:
        messages.error(request, error)
    return redirect(reverse("outreach:briefing-detail", args=[invitation.briefing_id]) + "#invitees")


def _back_to_list(request, briefing_id: int) -> str:
    """The briefing page at the filter and page the form was sent from."""
    back = QueryDict(request.POST.get("back", ""))
    kept = {key: back[key] for key in ("answer", "name", "page") if back.get(key)}
    query = f"?{urlencode(kept)}" if kept else ""
    return reverse("outreach:briefing-detail", args=[briefing_id]) + query + "#invitees"


@require_POST
def invitation_answer(request, pk: int):
    """Staff record the answer a partner gave by phone or in person (partners answer by email)."""
    invitation = get_object_or_404(Invitation.objects.select_related("briefing", "contact"), pk=pk)
    require_edit(request.user, invitation.briefing.campaign_id)
    form = InvitationAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    else:
        try:
            invitation = invitation_record_answer(
                invitation=invitation, answer=form.cleaned_data["answer"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Answer recorded for %(name)s: %(answer)s")
                % {"name": invitation.contact, "answer": invitation.get_status_display()},
            )
    return redirect(_back_to_list(request, invitation.briefing_id))


def briefing_export(request, pk: int):
    briefing = get_object_or_404(Briefing, pk=pk)
    require_view(request.user, briefing.campaign_id)
    invitations = briefing.invitations.select_related("contact__organisation").order_by("contact__full_name")
    only = request.GET.get("only")
    if only == "attended":
        invitations = invitations.filter(attended=True)
    elif only == "accepted":
        invitations = invitations.filter(status=Invitation.Status.ACCEPTED)
    label = _("Attendees of %(briefing)s, %(count)d people") % {"briefing": briefing, "count": invitations.count()}
    audit_event(event=AuditEntry.Event.EXPORTED, by=request.user, obj=briefing, label=label)
    rows = (
        [
            i.contact.display_name,
            "" if i.contact.protected else i.contact.email,  # a protected contact's address stays in Parley
            i.contact.organisation.name if i.contact.organisation else "",
            i.status,
            {True: "yes", False: "no", None: ""}[i.attended],
        ]
        for i in invitations
    )
    return csv_response(
        f"briefing-{briefing.pk}-attendees.csv", ["name", "email", "organisation", "answer", "attended"], rows
    )
