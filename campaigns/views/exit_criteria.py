"""Exit criteria on the campaign page: add one, record its state, remove it (coordinators)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.forms import ExitCriterionForm, ExitStateForm
from campaigns.models import Campaign, ExitCriterion
from campaigns.services.exit_criteria import exit_criterion_create, exit_criterion_delete, exit_criterion_set_state
from campaigns.views.campaigns import detail_response
from campaigns.views.common import require_manage


def _back(campaign: Campaign):
    return redirect(reverse("campaigns:detail", args=[campaign.slug]) + "#exit-criteria")


@require_POST
def exit_criterion_add(request, slug: str):
    campaign = get_object_or_404(Campaign, slug=slug)
    require_manage(request.user, campaign)
    form = ExitCriterionForm(request.POST)
    if form.is_valid():
        try:
            exit_criterion_create(campaign=campaign, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
    if not form.is_valid():
        return detail_response(request, campaign, status=400, exit_form=form)
    messages.success(request, _("Exit criterion added."))
    return _back(campaign)


@require_POST
def exit_criterion_state(request, slug: str, pk: int):
    campaign = get_object_or_404(Campaign, slug=slug)
    require_manage(request.user, campaign)
    criterion = get_object_or_404(ExitCriterion, campaign=campaign, pk=pk)
    form = ExitStateForm(request.POST, prefix=f"exit-{criterion.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            exit_criterion_set_state(
                criterion=criterion,
                state=data["state"],
                by=request.user,
                evidence=data["evidence"],
                evidence_url=data["evidence_url"],
                on=data["state_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    if not form.is_valid():
        return detail_response(request, campaign, status=400, refused_exit_state=(criterion.pk, form))
    messages.success(request, _("“%(criterion)s” is now %(state)s.") % {
        "criterion": criterion.text,
        "state": ExitCriterion.State(form.cleaned_data["state"]).label.lower(),
    })  # fmt: skip
    return _back(campaign)


@require_POST
def exit_criterion_remove(request, slug: str, pk: int):
    campaign = get_object_or_404(Campaign, slug=slug)
    require_manage(request.user, campaign)
    criterion = get_object_or_404(ExitCriterion, campaign=campaign, pk=pk)
    exit_criterion_delete(criterion=criterion, by=request.user)
    messages.success(request, _("Exit criterion removed."))
    return _back(campaign)
