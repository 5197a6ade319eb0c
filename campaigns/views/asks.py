"""An ask's page: its target, status history and evidence; adding, editing and moving asks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import permissions
from campaigns.forms import EvidenceNoteForm, ObjectiveForm, ObjectiveStatusForm
from campaigns.models import Campaign, Evidence, Objective
from campaigns.services.asks import objective_change_status, objective_create, objective_delete, objective_update
from campaigns.services.evidence import evidence_link, evidence_unlink
from campaigns.views.campaigns import detail_response
from campaigns.views.common import require_edit, require_manage, require_view


def _objective(slug: str, pk: int) -> Objective:
    return get_object_or_404(
        Objective.objects.select_related("campaign", "target_organisation"), campaign__slug=slug, pk=pk
    )


def ask_url(objective: Objective) -> str:
    return reverse("campaigns:ask", args=[objective.campaign.slug, objective.pk])


def ask_detail(request, slug: str, pk: int):
    objective = _objective(slug, pk)
    require_view(request.user, objective.campaign)
    return ask_response(request, objective)


def ask_response(request, objective: Objective, *, status: int = 200, **forms):
    """The ask's page; ``forms`` replace blank forms with refused ones (and their errors)."""
    campaign = objective.campaign
    context = {
        "campaign": campaign,
        "objective": objective,
        "can_edit": permissions.can_edit(user=request.user, campaign=campaign),
        "can_manage": permissions.can_manage(user=request.user, campaign=campaign),
        "target_contacts": list(objective.target_contacts.select_related("organisation")),
        "history": list(objective.status_changes.select_related("changed_by")),
        "evidence": list(objective.evidence.select_related("added_by")),
        "status_form": ObjectiveStatusForm(initial={"to_status": objective.status}),
        "note_form": EvidenceNoteForm(),
        "edit_form": ObjectiveForm(
            initial={
                "title": objective.title,
                "target": objective.target,
                "description": objective.description,
                "target_organisation": objective.target_organisation_id,
            }
        ),
        **forms,
    }
    return render(request, "campaigns/ask.html", context, status=status)


@require_POST
def ask_add(request, slug: str):
    campaign = get_object_or_404(Campaign, slug=slug)
    require_manage(request.user, campaign)
    form = ObjectiveForm(request.POST)
    if form.is_valid():
        try:
            objective = objective_create(campaign=campaign, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    if not form.is_valid():
        return detail_response(request, campaign, status=400, objective_form=form)
    messages.success(request, _("Ask added: %(title)s") % {"title": objective.title})
    return redirect(ask_url(objective))


@require_POST
def ask_edit(request, slug: str, pk: int):
    objective = _objective(slug, pk)
    require_manage(request.user, objective.campaign)
    form = ObjectiveForm(request.POST)
    if form.is_valid():
        try:
            objective = objective_update(objective=objective, by=request.user, changes=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    if not form.is_valid():
        return ask_response(request, objective, status=400, edit_form=form)
    messages.success(request, _("Ask saved."))
    return redirect(ask_url(objective))


@require_POST
def ask_status(request, slug: str, pk: int):
    objective = _objective(slug, pk)
    require_manage(request.user, objective.campaign)
    form = ObjectiveStatusForm(request.POST)
    change = None
    if form.is_valid():
        try:
            change = objective_change_status(
                objective=objective, to_status=form.cleaned_data["to_status"], by=request.user,
                note=form.cleaned_data["note"],
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
    if not form.is_valid():
        return ask_response(request, objective, status=400, status_form=form)
    if change is None:
        messages.info(request, _("The ask already has this status."))
    else:
        messages.success(request, _("The ask is now %(status)s.") % {"status": change.get_to_status_display().lower()})
    return redirect(ask_url(objective))


@require_POST
def ask_delete(request, slug: str, pk: int):
    objective = _objective(slug, pk)
    require_manage(request.user, objective.campaign)
    try:
        objective_delete(objective=objective, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(ask_url(objective))
    messages.success(request, _("Ask deleted: %(title)s") % {"title": objective.title})
    return redirect("campaigns:detail", slug=slug)


@require_POST
def ask_note(request, slug: str, pk: int):
    """Evidence that is no object of Parley: a note with a link (a statement, a vote, a speech)."""
    objective = _objective(slug, pk)
    require_edit(request.user, objective.campaign)
    form = EvidenceNoteForm(request.POST)
    if form.is_valid():
        try:
            evidence_link(objective=objective, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    if not form.is_valid():
        return ask_response(request, objective, status=400, note_form=form)
    messages.success(request, _("Evidence added."))
    return redirect(ask_url(objective))


@require_POST
def evidence_remove(request, slug: str, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("objective__campaign"), pk=pk, campaign__slug=slug)
    require_edit(request.user, evidence.objective.campaign)
    evidence_unlink(evidence=evidence, by=request.user)
    messages.success(request, _("Evidence unlinked: %(what)s") % {"what": evidence.label})
    return redirect(ask_url(evidence.objective))
