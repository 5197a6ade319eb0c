"""Pitches of op-eds to outlets: answers and placements."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from media_tracker.models import Placement
from outreach.models import OpEd, Pitch


@transaction.atomic
def pitch_record_answer(*, pitch: Pitch, accepted: bool, answered_on: dt.date, outcome: str = "", by) -> Pitch:
    """The editor said yes or no."""
    pitch = Pitch.objects.select_for_update().get(pk=pitch.pk)
    if pitch.status not in {Pitch.Status.PITCHED, Pitch.Status.EXPIRED}:
        raise ValidationError(_("Only a pitch awaiting an answer can be answered."))
    pitch.status = Pitch.Status.ACCEPTED if accepted else Pitch.Status.DECLINED
    pitch.answered_on = answered_on
    pitch.outcome = outcome or pitch.outcome
    pitch.full_clean()
    pitch.save()
    return pitch


@transaction.atomic
def pitch_record_placement(
    *,
    pitch: Pitch,
    url: str,
    published_on: dt.date,
    kind: str = Placement.Kind.OPED,
    title: str = "",
    article=None,
    by=None,
) -> Placement:
    """The piece ran: record the placement and mark the pitch and the op-ed placed.

    Recording it again returns the existing placement and changes nothing.
    """
    pitch = Pitch.objects.select_for_update().select_related("op_ed").get(pk=pitch.pk)
    existing = Placement.objects.filter(pitch=pitch).first()
    if existing is not None:
        return existing
    if pitch.pitched_on and published_on < pitch.pitched_on:
        raise ValidationError({"published_on": _("A piece cannot run before it was pitched.")})
    placement = Placement(
        campaign_id=pitch.op_ed.campaign_id,
        outlet_id=pitch.outlet_id,
        op_ed=pitch.op_ed,
        pitch=pitch,
        kind=kind,
        url=url,
        published_on=published_on,
        title=title or pitch.op_ed.title,
        article=article,
    )
    placement.full_clean()
    placement.save()
    if pitch.op_ed.authors.exists():
        placement.spokespeople.set(pitch.op_ed.authors.all())
    pitch.status = Pitch.Status.PLACED
    pitch.pitched_on = pitch.pitched_on or published_on
    pitch.answered_on = pitch.answered_on or published_on
    pitch.save(update_fields=["status", "pitched_on", "answered_on", "updated_at"])
    OpEd.objects.filter(pk=pitch.op_ed_id).update(status=OpEd.Status.PLACED)
    return placement
