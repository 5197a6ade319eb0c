"""The asks and exit-criteria panels of the campaign page, and the confirmation before an exit."""

from __future__ import annotations

from django.shortcuts import render

from campaigns.forms import ExitCriterionForm, ExitStateForm, ObjectiveForm, StatusChangeForm
from campaigns.models import Campaign, Evidence, ExitCriterion, Objective
from campaigns.selectors import exit_progress


def asks_context(campaign: Campaign) -> dict:
    """The asks with how much evidence each has, and the form to add one (coordinators)."""
    objectives = list(campaign.objectives.order_by("position", "id"))
    counts: dict[int, int] = {}
    for objective_id in Evidence.objects.filter(objective__campaign=campaign).values_list("objective_id", flat=True):
        counts[objective_id] = counts.get(objective_id, 0) + 1
    for objective in objectives:
        objective.evidence_count = counts.get(objective.pk, 0)
    return {"objectives": objectives, "objective_form": ObjectiveForm()}


def exit_criteria_context(campaign: Campaign, *, refused: tuple[int, ExitStateForm] | None = None) -> dict:
    """The criteria with a state form each (a refused one keeps what was typed and its errors)."""
    criteria = list(ExitCriterion.objects.filter(campaign=campaign).select_related("updated_by"))
    for criterion in criteria:
        if refused and refused[0] == criterion.pk:
            criterion.state_form = refused[1]
        else:
            criterion.state_form = ExitStateForm(
                prefix=f"exit-{criterion.pk}",
                initial={
                    "state": criterion.state,
                    "evidence": criterion.evidence,
                    "evidence_url": criterion.evidence_url,
                    "state_on": criterion.state_on,
                },
            )
    return {"exit_criteria": criteria, "exit": exit_progress(criteria), "exit_form": ExitCriterionForm()}


def confirm_exit_page(request, *, campaign: Campaign, form: StatusChangeForm, reason):
    """Before monitoring or closed: the criteria, how far they are met, and a button to confirm."""
    criteria = list(ExitCriterion.objects.filter(campaign=campaign))
    data = form.cleaned_data
    return render(
        request,
        "campaigns/confirm_exit.html",
        {
            "campaign": campaign,
            "exit_criteria": criteria,
            "exit": exit_progress(criteria),
            "reason": " ".join(reason.messages),
            "to_status": data["to_status"],
            "to_status_label": Campaign.Status(data["to_status"]).label,
            "note": data["note"],
            "open_asks": [
                objective
                for objective in campaign.objectives.order_by("position", "id")
                if objective.status not in (Objective.Status.ACHIEVED, Objective.Status.DROPPED)
            ],
        },
    )
