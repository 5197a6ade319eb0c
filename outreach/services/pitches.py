"""Pitches of op-eds to outlets: recording them, the moves a person makes, the editors' answers.

A pitch's status moves only through these services: pitched (with the date it was sent), expired
unanswered, withdrawn, back on the list; accepted or declined by pitch_record_answer; placed only
by recording the placement (media_tracker.services.placements.pitch_record_placement).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from config.audit import audited
from outreach.models import Contact, OpEd, Pitch

Status = Pitch.Status
# The moves pitch_set_status makes; answers and placements have services of their own.
MOVES = {
    Status.PLANNED: {Status.PITCHED, Status.WITHDRAWN},
    Status.PITCHED: {Status.EXPIRED, Status.WITHDRAWN},
    Status.EXPIRED: {Status.PITCHED, Status.WITHDRAWN},
    Status.ACCEPTED: {Status.WITHDRAWN},
    Status.DECLINED: set(),
    Status.WITHDRAWN: {Status.PLANNED, Status.PITCHED},
    Status.PLACED: set(),
}
EDITABLE_FIELDS = ("outlet", "editor", "pitched_on", "follow_up_on", "outcome", "position", "owner")


@audited
@transaction.atomic
def pitch_create(
    *,
    op_ed: OpEd,
    outlet,
    by,
    editor: Contact | None = None,
    pitched_on: dt.date | None = None,
    follow_up_on: dt.date | None = None,
    outcome: str = "",
    position: int = 0,
) -> Pitch:
    """A pitch of the op-ed to an outlet, owned by ``by``: pitched when it has the date it was sent,
    otherwise planned (it "may be pitched")."""
    pitch = Pitch(
        op_ed=op_ed,
        outlet=outlet,
        editor=editor,
        status=Status.PITCHED if pitched_on else Status.PLANNED,
        pitched_on=pitched_on,
        follow_up_on=follow_up_on,
        outcome=outcome,
        position=position,
        owner=by,
    )
    pitch.full_clean()
    pitch.save()
    return pitch


@audited
@transaction.atomic
def pitch_update(*, pitch: Pitch, by, changes: dict) -> Pitch:
    """Edit a pitch's details (editor, dates, outcome, order...): never its status nor its op-ed.

    An outcome can be added to a pitch at any stage, a placed one included.
    """
    changes = dict(changes)
    pitch = Pitch.objects.select_for_update().select_related("outlet").get(pk=pitch.pk)
    op_ed = changes.pop("op_ed", None)
    if op_ed is not None and op_ed.pk != pitch.op_ed_id:
        raise ValidationError({"op_ed": _("A pitch stays with its op-ed: record a new pitch instead.")})
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"pitch_update does not change {sorted(unknown)}")
    outlet = changes.get("outlet")
    if outlet is not None and outlet.pk != pitch.outlet_id and pitch.status != Status.PLANNED:
        message = _("This pitch went to %(outlet)s: record a new pitch for another outlet.")
        raise ValidationError({"outlet": message % {"outlet": pitch.outlet}})
    if "pitched_on" in changes and changes["pitched_on"] != pitch.pitched_on:
        if pitch.status == Status.PLANNED:
            raise ValidationError({"pitched_on": _("Mark the pitch as pitched to give the date it was sent.")})
        if changes["pitched_on"] is None:
            raise ValidationError({"pitched_on": _("A pitch that was sent needs its date.")})
    for name, value in changes.items():
        setattr(pitch, name, value)
    pitch.full_clean()
    pitch.save()
    return pitch


@audited
@transaction.atomic
def pitch_set_status(*, pitch: Pitch, status: str, by, pitched_on: dt.date | None = None) -> Pitch:
    """Pitched (with ``pitched_on``, the date it was sent), expired unanswered, withdrawn, or back on
    the list. Setting the status it already has changes nothing."""
    if status not in Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    pitch = Pitch.objects.select_for_update().get(pk=pitch.pk)
    if status == pitch.status:
        return pitch
    if status in {Status.ACCEPTED, Status.DECLINED}:
        raise ValidationError(_("Record the editor's answer to mark a pitch accepted or declined."))
    if status == Status.PLACED:
        raise ValidationError(_("A pitch is placed by recording its placement: where and when the piece ran."))
    if pitch.status == Status.PLACED:
        raise ValidationError(_("This pitch is placed: the piece ran, and its placement is recorded."))
    if status not in MOVES[pitch.status]:
        raise ValidationError(
            _("A pitch cannot go from “%(old)s” to “%(new)s”.")
            % {"old": pitch.get_status_display(), "new": Status(status).label}
        )
    if status == Status.PITCHED:
        if pitched_on is None:
            raise ValidationError({"pitched_on": _("A pitch that was sent needs its date.")})
        pitch.pitched_on = pitched_on
        pitch.answered_on = None
    pitch.status = status
    pitch.full_clean()
    pitch.save()
    return pitch


@audited
@transaction.atomic
def pitch_record_answer(*, pitch: Pitch, accepted: bool, answered_on: dt.date, outcome: str = "", by) -> Pitch:
    """The editor said yes or no."""
    pitch = Pitch.objects.select_for_update().get(pk=pitch.pk)
    if pitch.status not in {Status.PITCHED, Status.EXPIRED}:
        raise ValidationError(_("Only a pitch awaiting an answer can be answered."))
    pitch.status = Status.ACCEPTED if accepted else Status.DECLINED
    pitch.answered_on = answered_on
    pitch.outcome = outcome or pitch.outcome
    pitch.full_clean()
    pitch.save()
    return pitch
