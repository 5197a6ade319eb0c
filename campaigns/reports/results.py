"""Results: per ask, a timeline of the evidence that served it and of its status changes, so a
coordinator sees which activities moved which asks. Three queries whatever the data size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from campaigns.models import Campaign, Evidence, Objective, ObjectiveStatusChange


@dataclass(frozen=True)
class Entry:
    day: dt.date
    kind: str  # "status" or "evidence"
    item: Evidence | ObjectiveStatusChange

    @property
    def is_status(self) -> bool:
        return self.kind == "status"


@dataclass
class AskTimeline:
    objective: Objective
    entries: list[Entry] = field(default_factory=list)

    @property
    def evidence_count(self) -> int:
        return sum(1 for entry in self.entries if not entry.is_status)


def ask_timelines(*, campaign: Campaign, start: dt.date | None = None, end: dt.date | None = None) -> list[AskTimeline]:
    """Every ask of the campaign with its evidence and status changes (between start and end,
    inclusive, when given), newest first."""
    timelines = {
        objective.pk: AskTimeline(objective=objective)
        for objective in Objective.objects.filter(campaign=campaign).order_by("position", "id")
    }
    evidence = Evidence.objects.filter(campaign=campaign).select_related("added_by")
    changes = ObjectiveStatusChange.objects.filter(objective__campaign=campaign).select_related("changed_by")
    if start:
        evidence = evidence.filter(occurred_on__gte=start)
    if end:
        evidence = evidence.filter(occurred_on__lte=end)
    for item in evidence:
        timelines[item.objective_id].entries.append(Entry(item.occurred_on, "evidence", item))
    for change in changes:
        day = timezone.localdate(change.changed_at)
        if (start and day < start) or (end and day > end):
            continue
        timelines[change.objective_id].entries.append(Entry(day, "status", change))
    for timeline in timelines.values():
        # Newest first; on one day a status change comes after (above) what led to it.
        timeline.entries.sort(key=lambda entry: (entry.day, entry.is_status), reverse=True)
    return list(timelines.values())
