"""Staff pieces of the briefing page: email delivery per invitee, send and nudge buttons.

The panel is a template partial (htmx swaps it after each button); the lead wires it into
the briefing page.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from campaigns.permissions import can_edit, can_view
from outreach.models import Briefing, Organisation
from outreach.selectors import briefing_delivery
from outreach.services.invitations import SendReport, invitations_nudge_organisation, invitations_send


def _briefing_for(request, briefing_id: int, *, edit: bool) -> Briefing:
    briefing = get_object_or_404(Briefing.objects.select_related("campaign"), pk=briefing_id)
    if not can_view(user=request.user, campaign=briefing.campaign_id):
        raise Http404  # not a member: the briefing does not exist for them, as in the rest of the UI
    if edit and not can_edit(user=request.user, campaign=briefing.campaign_id):
        raise PermissionDenied
    return briefing


def _panel(request, briefing: Briefing, *, report: SendReport | None = None, error: str = "", status: int = 200):
    rows = briefing_delivery(briefing=briefing)
    organisations = {}
    for row in rows:
        organisation = row.invitation.contact.organisation
        if organisation and row.invitation.status == "invited" and row.invitation_email:
            organisations[organisation.pk] = organisation
    context = {
        "briefing": briefing,
        "rows": rows,
        "report": report,
        "error": error,
        "can_edit": can_edit(user=request.user, campaign=briefing.campaign_id),
        "nudge_organisations": sorted(organisations.values(), key=lambda o: o.name),
    }
    # htmx swaps the panel into the briefing page; a plain request gets a page of its own.
    template = "outreach/partials/briefing_delivery.html" if request.htmx else "outreach/briefing_delivery_page.html"
    return render(request, template, context, status=status)


@require_GET
def briefing_delivery_panel(request, briefing_id: int):
    return _panel(request, _briefing_for(request, briefing_id, edit=False))


def _respond(request, briefing, action):
    try:
        report = action()
    except ValidationError as exc:
        if not request.htmx:
            messages.error(request, " ".join(exc.messages))
            return redirect("outreach:briefing-detail", pk=briefing.pk)
        return _panel(request, briefing, error=" ".join(exc.messages), status=400)
    if not request.htmx:
        messages.success(
            request,
            ngettext("%(count)d email queued.", "%(count)d emails queued.", len(report.queued))
            % {"count": len(report.queued)},
        )
        return redirect("outreach:briefing-detail", pk=briefing.pk)
    return _panel(request, briefing, report=report)


def _send_at(request):
    """The optional "send at" field: a local date and time in the staff member's time zone."""
    raw = request.POST.get("send_at", "").strip()
    if not raw:
        return None
    try:
        naive = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationError(_("Give the sending time as a date and time, e.g. 2020-11-02 09:00.")) from None
    if naive.tzinfo is not None:
        return naive
    return timezone.make_aware(naive, zoneinfo.ZoneInfo(request.user.time_zone))


@require_POST
def briefing_send_invitations(request, briefing_id: int):
    briefing = _briefing_for(request, briefing_id, edit=True)
    return _respond(
        request, briefing, lambda: invitations_send(briefing=briefing, by=request.user, send_at=_send_at(request))
    )


@require_POST
def briefing_nudge_organisation(request, briefing_id: int, organisation_id: int):
    briefing = _briefing_for(request, briefing_id, edit=True)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    return _respond(
        request,
        briefing,
        lambda: invitations_nudge_organisation(briefing=briefing, organisation_id=organisation.pk, by=request.user),
    )
