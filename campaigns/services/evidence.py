"""Evidence: what served an ask, linked from wherever it is shown.

The objects linked live in outreach and media_tracker, which this layer does not import: they
are recognised by their model label and read through their attributes. Only objects of the ask's
own campaign can be linked.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from campaigns.models import Evidence, Objective
from config.audit import audited

LABEL_LENGTH = 200


def evidence_kind_of(source) -> str:
    """The evidence kind (and field) for an interaction, briefing, placement, mention or op-ed."""
    label = source._meta.label_lower
    for name in Evidence.SOURCE_FIELDS:
        if Evidence._meta.get_field(name).related_model._meta.label_lower == label:
            return name
    raise ValueError(f"{label} cannot be evidence")


def _local_day(moment: dt.datetime | None) -> dt.date:
    return timezone.localtime(moment).date() if moment else timezone.localdate()


def describe_source(kind: str, source) -> tuple[str, str, dt.date]:
    """(label, link, date) of the object, kept on the evidence row."""
    if kind == Evidence.Kind.INTERACTION:
        who = source.contact or source.organisation
        label = f"{source.get_channel_display()} · {who}: {Truncator(source.summary).chars(120)}"
        return label, "", _local_day(source.occurred_at)
    if kind == Evidence.Kind.BRIEFING:
        return source.title, "", _local_day(source.starts_at)
    if kind == Evidence.Kind.PLACEMENT:
        return f"{source} · {source.outlet}", source.url, source.published_on
    if kind == Evidence.Kind.MENTION:
        article = source.article
        return f"{article.title} · {article.outlet}", article.url, _local_day(source.published_at or source.found_at)
    return str(source.title), "", _local_day(source.created_at)


@audited
@transaction.atomic
def evidence_link(
    *,
    objective: Objective,
    by,
    source=None,
    note: str = "",
    url: str = "",
    occurred_on: dt.date | None = None,
) -> Evidence:
    """Link ``source`` (or, with none, a note with a link) to the ask as evidence that served it.

    Linking the same object twice changes nothing and returns the first link.
    """
    note = note.strip()
    if source is None:
        if not note:
            raise ValidationError({"note": _("Write what the note says.")})
        if occurred_on and occurred_on > timezone.localdate():
            raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
        evidence = Evidence(
            campaign_id=objective.campaign_id,
            objective=objective,
            kind=Evidence.Kind.NOTE,
            label=Truncator(note.splitlines()[0]).chars(LABEL_LENGTH),
            note=note,
            url=url.strip(),
            occurred_on=occurred_on or timezone.localdate(),
            added_by=by,
        )
    else:
        kind = evidence_kind_of(source)
        if source.campaign_id != objective.campaign_id:
            raise ValidationError(
                _("This %(kind)s belongs to another campaign: only the ask's own campaign's work can be its evidence.")
                % {"kind": Evidence.Kind(kind).label.lower()}
            )
        existing = Evidence.objects.filter(objective=objective, **{kind: source}).first()
        if existing is not None:
            return existing
        label, link, day = describe_source(kind, source)
        evidence = Evidence(
            campaign_id=objective.campaign_id,
            objective=objective,
            kind=kind,
            label=Truncator(label).chars(LABEL_LENGTH),
            url=link,
            note=note,
            occurred_on=day,
            added_by=by,
            **{kind: source},
        )
    evidence.full_clean()
    evidence.save()
    return evidence


@audited
@transaction.atomic
def evidence_unlink(*, evidence: Evidence, by) -> None:
    """Take the evidence off its ask (the object itself stays)."""
    Evidence.objects.filter(pk=evidence.pk).delete()
