"""Campaign list and detail; status and team changes by a coordinator."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import permissions
from campaigns.forms import StatusChangeForm, TeamMemberForm
from campaigns.models import Campaign, Membership
from campaigns.selectors import campaign_list_for_user
from campaigns.services import CONFIRM_EXIT, campaign_change_status, membership_remove, membership_set
from campaigns.views.audit import latest_for_campaign
from campaigns.views.common import require_manage, require_view
from campaigns.views.panels import asks_context, confirm_exit_page, exit_criteria_context


def campaign_list(request):
    return render(request, "campaigns/list.html", {"campaigns": campaign_list_for_user(user=request.user)})


def campaign_detail(request, slug: str):
    campaign = get_object_or_404(Campaign.objects.select_related("coordinator"), slug=slug)
    require_view(request.user, campaign)
    return detail_response(request, campaign)


def detail_response(request, campaign: Campaign, *, status: int = 200, **forms):
    """The campaign page; ``forms`` replace blank forms with ones refused (and their errors)."""
    role = permissions.campaign_role(user=request.user, campaign=campaign)
    can_manage = permissions.can_manage(user=request.user, campaign=campaign)
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "role": Membership.Role(role).label if role else None,
            "can_edit": permissions.can_edit(user=request.user, campaign=campaign),
            "can_manage": can_manage,
            "team": campaign.memberships.select_related("user").order_by("role", "user__username"),
            "activity": campaign.interactions.select_related("contact", "organisation", "logged_by")[:20],
            "history": campaign.status_changes.select_related("changed_by")[:20],
            **asks_context(campaign),
            **exit_criteria_context(campaign, refused=forms.get("refused_exit_state")),
            "status_form": StatusChangeForm(initial={"to_status": campaign.status}),
            "team_form": TeamMemberForm(initial={"role": Membership.Role.STAFF}),
            "roles": Membership.Role.choices,
            # The audit trail: for the campaign's coordinators.
            "audit_rows": latest_for_campaign(campaign) if can_manage else None,
            "audit_url": reverse("campaigns:audit", args=[campaign.slug]),
            **forms,
        },
        status=status,
    )


@require_POST
def campaign_team_set(request, slug: str):
    """Add someone to the team or change their role (coordinators only)."""
    campaign = get_object_or_404(Campaign, slug=slug)
    require_manage(request.user, campaign)
    form = TeamMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect("campaigns:detail", slug=campaign.slug)
    user, role = form.cleaned_data["user"], form.cleaned_data["role"]
    try:
        membership_set(campaign=campaign, user=user, role=role, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(name)s is now %(role)s.") % {"name": user, "role": Membership.Role(role).label.lower()}
        )
    return redirect("campaigns:detail", slug=campaign.slug)


@require_POST
def campaign_team_remove(request, slug: str, user_id: int):
    campaign = get_object_or_404(Campaign, slug=slug)
    require_manage(request.user, campaign)
    membership = get_object_or_404(Membership.objects.select_related("user"), campaign=campaign, user_id=user_id)
    try:
        membership_remove(campaign=campaign, user=membership.user, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s left the team.") % {"name": membership.user})
    return redirect("campaigns:detail", slug=campaign.slug)


@require_POST
def campaign_status(request, slug: str):
    campaign = get_object_or_404(Campaign, slug=slug)
    require_manage(request.user, campaign)
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect("campaigns:detail", slug=campaign.slug)
    try:
        change = campaign_change_status(
            campaign=campaign,
            to_status=form.cleaned_data["to_status"],
            by=request.user,
            note=form.cleaned_data["note"],
            confirm_exit=form.cleaned_data["confirm_exit"],
        )
    except ValidationError as exc:
        if getattr(exc, "code", None) == CONFIRM_EXIT:
            return confirm_exit_page(request, campaign=campaign, form=form, reason=exc)
        messages.error(request, " ".join(exc.messages))
    else:
        if change is None:
            messages.info(request, _("The campaign already has this status."))
        else:
            messages.success(request, _("Status changed to %(status)s.") % {"status": change.get_to_status_display()})
    return redirect("campaigns:detail", slug=campaign.slug)
