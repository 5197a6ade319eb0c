"""Pitches of op-eds to outlets: the editors' answers. (Placements: media_tracker.services.placements.)"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outreach.models import Pitch


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
