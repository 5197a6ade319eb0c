"""Op-eds and their language versions: writing them down, editing them, moving them along the board.

An op-ed stays in the campaign it was created in (its pitches and placements belong there), and
a language version is in the original's campaign. "Placed" is reached by recording a placement
(media_tracker.services.placements), never by hand.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from config.audit import audited
from outreach.models import Contact, OpEd

EDITABLE_FIELDS = ("title", "language", "summary", "version_of", "authors", "owner")


def _check_version(op_ed: OpEd) -> None:
    if op_ed.version_of_id is not None and op_ed.pk and op_ed.language_versions.exists():
        raise ValidationError(
            {"version_of": _("This op-ed has language versions of its own: it cannot be a version of another piece.")}
        )


@audited
@transaction.atomic
def oped_create(
    *,
    campaign: Campaign,
    title: str,
    by,
    language: str = "en",
    summary: str = "",
    version_of: OpEd | None = None,
    authors: Iterable[Contact] = (),
) -> OpEd:
    """A new op-ed (an idea on the board), owned by ``by``."""
    op_ed = OpEd(campaign=campaign, title=title, language=language, summary=summary, version_of=version_of, owner=by)
    op_ed.full_clean()
    op_ed.save()
    op_ed.authors.set(authors)
    return op_ed


@audited
@transaction.atomic
def oped_update(*, op_ed: OpEd, by, changes: dict) -> OpEd:
    """Edit what the op-ed says and who wrote it. Its campaign never changes; its status has oped_set_status."""
    changes = dict(changes)
    op_ed = OpEd.objects.select_for_update().get(pk=op_ed.pk)
    campaign = changes.pop("campaign", None)
    if campaign is not None and campaign.pk != op_ed.campaign_id:
        raise ValidationError({"campaign": _("An op-ed cannot move to another campaign.")})
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"oped_update does not change {sorted(unknown)}")
    authors = changes.pop("authors", None)
    for name, value in changes.items():
        setattr(op_ed, name, value)
    _check_version(op_ed)
    op_ed.full_clean()
    op_ed.save()
    if authors is not None:
        op_ed.authors.set(authors)
    return op_ed


@audited
@transaction.atomic
def oped_set_status(*, op_ed: OpEd, status: str, by) -> OpEd:
    """Move the op-ed to another column of the board (idea, drafting, ready, dropped)."""
    if status not in OpEd.Status.values:
        raise ValidationError({"status": _("Choose idea, drafting, ready or dropped.")})
    op_ed = OpEd.objects.select_for_update().get(pk=op_ed.pk)
    if status == op_ed.status:
        return op_ed
    if status == OpEd.Status.PLACED:
        raise ValidationError(_("An op-ed is placed when its placement is recorded (on one of its pitches)."))
    if op_ed.status == OpEd.Status.PLACED and op_ed.placements.exists():
        raise ValidationError(_("This op-ed ran in an outlet: it stays placed."))
    op_ed.status = status
    op_ed.save(update_fields=["status", "updated_at"])
    return op_ed
