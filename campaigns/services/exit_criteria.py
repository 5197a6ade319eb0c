"""A campaign's exit criteria: conditions for ending it, each with a state, evidence and a date."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign, ExitCriterion
from config.audit import audited

UNKNOWN_STATE = gettext_lazy("Choose not met, partly met or met.")


@audited
@transaction.atomic
def exit_criterion_create(*, campaign: Campaign, text: str, by, position: int | None = None) -> ExitCriterion:
    """A new condition for ending the campaign, not met yet."""
    if position is None:
        last = ExitCriterion.objects.filter(campaign=campaign).aggregate(last=Max("position"))["last"]
        position = (last or 0) + 1
    criterion = ExitCriterion(campaign=campaign, text=text.strip(), position=position, updated_by=by)
    criterion.full_clean()
    criterion.save()
    return criterion


@audited
@transaction.atomic
def exit_criterion_update(*, criterion: ExitCriterion, by, text: str | None = None, position: int | None = None):
    """Reword or reorder a condition; its state has exit_criterion_set_state."""
    criterion = ExitCriterion.objects.select_for_update().get(pk=criterion.pk)
    if text is not None:
        criterion.text = text.strip()
    if position is not None:
        criterion.position = position
    criterion.updated_by = by
    criterion.full_clean()
    criterion.save()
    return criterion


@audited
@transaction.atomic
def exit_criterion_set_state(
    *,
    criterion: ExitCriterion,
    state: str,
    by,
    evidence: str = "",
    evidence_url: str = "",
    on: dt.date | None = None,
) -> ExitCriterion:
    """Record how far the condition is met, what shows it and as of when (today by default).

    Met and partly met need the evidence that shows it; the date cannot be in the future.
    """
    if state not in ExitCriterion.State.values:
        raise ValidationError({"state": UNKNOWN_STATE})
    evidence = evidence.strip()
    if state != ExitCriterion.State.NOT_MET and not evidence:
        raise ValidationError({"evidence": _("Say what shows it: the quarterly update cites this evidence.")})
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"state_on": _("The date cannot be in the future.")})
    criterion = ExitCriterion.objects.select_for_update().get(pk=criterion.pk)
    criterion.state = state
    criterion.evidence = evidence
    criterion.evidence_url = evidence_url.strip()
    criterion.state_on = on
    criterion.updated_by = by
    criterion.full_clean()
    criterion.save()
    return criterion


@audited
@transaction.atomic
def exit_criterion_delete(*, criterion: ExitCriterion, by) -> None:
    ExitCriterion.objects.filter(pk=criterion.pk).delete()
