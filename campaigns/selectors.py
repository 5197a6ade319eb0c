"""Reads of campaigns that views and the API share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext, ngettext

from campaigns.models import Campaign, ExitCriterion, Objective


def campaign_list_for_user(*, user) -> QuerySet[Campaign]:
    """The campaigns the user may see, with their coordinator."""
    return Campaign.objects.visible_to(user).select_related("coordinator").order_by("status", "name")


@dataclass(frozen=True)
class ExitProgress:
    """How close a campaign is to its exit: its criteria counted by state."""

    met: int
    partly: int
    not_met: int

    @property
    def total(self) -> int:
        return self.met + self.partly + self.not_met

    @property
    def percent(self) -> int:
        """Met counts fully, partly met half; 0 with no criteria."""
        return round(100 * (self.met + self.partly / 2) / self.total) if self.total else 0

    def summary(self) -> str:
        """E.g. "1 of 3 met, 2 partly met", in the current language."""
        text = ngettext("%(met)d of %(total)d met", "%(met)d of %(total)d met", self.total) % {
            "met": self.met,
            "total": self.total,
        }
        if self.partly:
            text += gettext(", ") + ngettext("%(count)d partly met", "%(count)d partly met", self.partly) % {
                "count": self.partly
            }
        return text


def exit_progress(criteria: Iterable[ExitCriterion]) -> ExitProgress:
    states = [criterion.state for criterion in criteria]
    return ExitProgress(
        met=states.count(ExitCriterion.State.MET),
        partly=states.count(ExitCriterion.State.PARTLY),
        not_met=states.count(ExitCriterion.State.NOT_MET),
    )


def asks_suggested_for(*, campaign_id: int, contact=None, organisation=None) -> list[Objective]:
    """The campaign's asks aimed at this contact, or at their (or this) organisation."""
    organisation_id = organisation.pk if organisation is not None else getattr(contact, "organisation_id", None)
    aimed = Q(pk__in=[])
    if contact is not None:
        aimed |= Q(target_contacts=contact)
    if organisation_id is not None:
        aimed |= Q(target_organisation_id=organisation_id)
    return list(Objective.objects.filter(aimed, campaign_id=campaign_id).distinct().order_by("position", "id"))
