"""Campaign list and detail, and status changes by a coordinator."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import permissions
from campaigns.forms import StatusChangeForm
from campaigns.models import Campaign, Membership
from campaigns.selectors import campaign_list_for_user
from campaigns.services import campaign_change_status
from outreach.views_common import require_manage, require_view


def campaign_list(request):
    return render(request, "campaigns/list.html", {"campaigns": campaign_list_for_user(user=request.user)})


def campaign_detail(request, slug: str):
    campaign = get_object_or_404(Campaign.objects.select_related("coordinator"), slug=slug)
    require_view(request.user, campaign)
    role = permissions.campaign_role(user=request.user, campaign=campaign)
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "role": Membership.Role(role).label if role else None,
            "can_edit": permissions.can_edit(user=request.user, campaign=campaign),
            "can_manage": permissions.can_manage(user=request.user, campaign=campaign),
            "objectives": campaign.objectives.all(),
            "team": campaign.memberships.select_related("user").order_by("role", "user__username"),
            "activity": campaign.interactions.select_related("contact", "organisation", "logged_by")[:20],
            "history": campaign.status_changes.select_related("changed_by")[:20],
            "status_form": StatusChangeForm(initial={"to_status": campaign.status}),
        },
    )


@require_POST
def campaign_status(request, slug: str):
    campaign = get_object_or_404(Campaign, slug=slug)
    require_manage(request.user, campaign)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        change = campaign_change_status(
            campaign=campaign, to_status=form.cleaned_data["to_status"], by=request.user, note=form.cleaned_data["note"]
        )
        if change is None:
            messages.info(request, _("The campaign already has this status."))
        else:
            messages.success(request, _("Status changed to %(status)s.") % {"status": change.get_to_status_display()})
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("campaigns:detail", slug=campaign.slug)
