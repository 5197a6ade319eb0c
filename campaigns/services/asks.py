"""Asks (objectives): writing them down, their target, their status and its history."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from campaigns.models import Campaign, Objective, ObjectiveStatusChange
from config.audit import audited

EDITABLE_FIELDS = ("title", "target", "description", "position", "target_organisation", "target_contacts")
# The same words at every door: the forms and the API refuse an unknown status with them too.
UNKNOWN_ASK_STATUS = gettext_lazy("There is no such status for an ask.")
# Reaching these says the ask's story ends: the history keeps why.
NEEDS_A_REASON = (Objective.Status.ACHIEVED, Objective.Status.DROPPED)


@audited
@transaction.atomic
def objective_create(
    *,
    campaign: Campaign,
    title: str,
    target: str,
    by,
    description: str = "",
    position: int | None = None,
    target_organisation=None,
    target_contacts: Iterable = (),
) -> Objective:
    """A new ask of ``campaign``, not started, at the end of the list unless ``position`` says otherwise."""
    if position is None:
        last = Objective.objects.filter(campaign=campaign).aggregate(last=Max("position"))["last"]
        position = (last or 0) + 1
    objective = Objective(
        campaign=campaign,
        title=title.strip(),
        target=target.strip(),
        description=description,
        position=position,
        target_organisation=target_organisation,
    )
    objective.full_clean()
    objective.save()
    objective.target_contacts.set(target_contacts)
    return objective


@audited
@transaction.atomic
def objective_update(*, objective: Objective, by, changes: dict) -> Objective:
    """Edit what the ask says and whom it targets. Its campaign never changes; its status has
    objective_change_status."""
    changes = dict(changes)
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    campaign = changes.pop("campaign", None)
    if campaign is not None and campaign.pk != objective.campaign_id:
        raise ValidationError({"campaign": _("An ask stays in its campaign.")})
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"objective_update does not change {sorted(unknown)}")
    contacts = changes.pop("target_contacts", None)
    for name, value in changes.items():
        setattr(objective, name, value.strip() if name in ("title", "target") else value)
    objective.full_clean()
    objective.save()
    if contacts is not None:
        objective.target_contacts.set(contacts)
    return objective


@audited
@transaction.atomic
def objective_change_status(
    *, objective: Objective, to_status: str, by, note: str = ""
) -> ObjectiveStatusChange | None:
    """Move the ask to ``to_status`` and record who did it, when and why; None when nothing changes.

    Achieved and dropped need a reason. The asks of a closed campaign stay as they were.
    """
    if to_status not in Objective.Status.values:
        raise ValidationError(UNKNOWN_ASK_STATUS, code="invalid_choice")
    objective = Objective.objects.select_for_update().select_related("campaign").get(pk=objective.pk)
    from_status = objective.status
    if from_status == to_status:
        return None
    if objective.campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("The campaign is closed: its asks stay as they were. Reopen the campaign first."))
    note = note.strip()
    if to_status in NEEDS_A_REASON and not note:
        raise ValidationError(
            _("Say why the ask is %(status)s: the history keeps it.")
            % {"status": Objective.Status(to_status).label.lower()}
        )
    objective.status = to_status
    objective.save(update_fields=["status", "updated_at"])
    return ObjectiveStatusChange.objects.create(
        objective=objective, from_status=from_status, to_status=to_status, changed_by=by, note=note
    )


@audited
@transaction.atomic
def objective_delete(*, objective: Objective, by) -> None:
    """Delete an ask with no evidence; one with evidence is kept (mark it dropped instead)."""
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    count = objective.evidence.count()
    if count:
        raise ValidationError(
            ngettext(
                "This ask has %(count)d piece of evidence linked to it. Mark it dropped instead, so the record stays.",
                "This ask has %(count)d pieces of evidence linked to it. Mark it dropped instead, so the record stays.",
                count,
            )
            % {"count": count}
        )
    objective.delete()
