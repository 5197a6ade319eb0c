"""The campaign-scoped API resources, with how to make one and what to send to create or change one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests import factories


@dataclass
class Resource:
    name: str
    make: Callable[[Any], Any]  # campaign -> object
    create: Callable[[Any], dict] | None  # campaign -> payload for POST
    patch: dict | None
    edit_role: str = "staff"
    lookup: Callable[[Any], Any] = lambda obj: obj.pk

    def __str__(self) -> str:
        return self.name


def _pitch(campaign):
    return factories.PitchFactory(op_ed=factories.OpEdFactory(campaign=campaign))


def _placement_payload(campaign):
    outlet = factories.OutletFactory()
    return {"campaign": campaign.pk, "outlet": outlet.pk, "kind": "comment", "published_on": "2020-11-10"}


CAMPAIGN_RESOURCES = [
    Resource(
        "campaigns",
        make=lambda campaign: campaign,
        create=None,
        patch={"summary": "Durable ceasefire and civilian protection."},
        edit_role="coordinator",
    ),
    Resource(
        "objectives",
        make=lambda campaign: factories.ObjectiveFactory(campaign=campaign),
        create=lambda campaign: {"campaign": campaign.pk, "title": "Humanitarian access", "target": "Warring parties"},
        patch={"target": "Governments of Armenia and Azerbaijan"},
        edit_role="coordinator",
    ),
    Resource(
        "evidence",
        make=lambda campaign: factories.EvidenceFactory(objective=factories.ObjectiveFactory(campaign=campaign)),
        create=lambda campaign: {
            "objective": factories.ObjectiveFactory(campaign=campaign).pk,
            "placement": factories.PlacementFactory(campaign=campaign).pk,
        },
        # Evidence is linked and unlinked, never edited.
        patch=None,
    ),
    Resource(
        "exit-criteria",
        make=lambda campaign: factories.ExitCriterionFactory(campaign=campaign),
        create=lambda campaign: {"campaign": campaign.pk, "text": "The ceasefire holds for three months"},
        patch={"text": "The ceasefire holds for six months"},
        edit_role="coordinator",
    ),
    Resource(
        "memberships",
        make=lambda campaign: factories.MembershipFactory(campaign=campaign, role="viewer"),
        create=lambda campaign: {"campaign": campaign.pk, "user": factories.UserFactory().pk, "role": "viewer"},
        patch={"role": "staff"},
        edit_role="coordinator",
    ),
    Resource(
        "interactions",
        make=lambda campaign: factories.InteractionFactory(campaign=campaign),
        create=lambda campaign: {
            "campaign": campaign.pk,
            "contact": factories.ContactFactory().pk,
            "summary": "Called the Catholicos' office about the op-ed",
            "follow_up_on": "2020-11-20",
        },
        patch={"next_step": "Send the draft"},
    ),
    Resource(
        "briefings",
        make=lambda campaign: factories.BriefingFactory(campaign=campaign),
        create=lambda campaign: {
            "campaign": campaign.pk,
            "title": "Global briefing",
            "starts_at": "2020-11-03T15:00:00+01:00",
            "ends_at": "2020-11-03T16:30:00+01:00",
            "time_zone": "Europe/Paris",
        },
        patch={"location": "Online"},
    ),
    Resource(
        "invitations",
        make=lambda campaign: factories.InvitationFactory(briefing=factories.BriefingFactory(campaign=campaign)),
        create=lambda campaign: {
            "briefing": factories.BriefingFactory(campaign=campaign).pk,
            "contact": factories.ContactFactory().pk,
        },
        # Nothing of an invitation is edited by hand: answers and attendance are actions.
        patch=None,
        lookup=lambda obj: obj.public_id,
    ),
    Resource(
        "op-eds",
        make=lambda campaign: factories.OpEdFactory(campaign=campaign),
        create=lambda campaign: {"campaign": campaign.pk, "title": "A joint call for peace", "language": "en"},
        patch={"summary": "Two journalists, one Armenian and one Azerbaijani, call for peace."},
    ),
    Resource(
        "pitches",
        make=_pitch,
        create=lambda campaign: {
            "op_ed": factories.OpEdFactory(campaign=campaign).pk,
            "outlet": factories.OutletFactory().pk,
            "status": "pitched",
            "pitched_on": "2020-10-20",
        },
        patch={"follow_up_on": "2020-10-23"},
    ),
    Resource(
        "placements",
        make=lambda campaign: factories.PlacementFactory(campaign=campaign),
        create=_placement_payload,
        patch={"title": "Interview on BBC World"},
    ),
    Resource(
        "tracked-terms",
        make=lambda campaign: factories.TrackedTermFactory(campaign=campaign),
        create=lambda campaign: {"campaign": campaign.pk, "term": "Minsk Group", "kind": "organisation"},
        patch={"is_active": False},
    ),
    Resource(
        "mentions",
        make=lambda campaign: factories.MentionFactory(campaign=campaign),
        create=None,
        patch=None,
    ),
]

DIRECTORY_RESOURCES = [
    Resource(
        "organisations",
        make=lambda _c: factories.OrganisationFactory(),
        create=lambda _c: {"name": "International Partnership on Human Rights", "kind": "human_rights"},
        patch={"is_partner": True},
    ),
    Resource(
        "contacts",
        make=lambda _c: factories.ContactFactory(),
        create=lambda _c: {"full_name": "Thomas de Waal", "email": "tdw@example.org", "languages": ["en", "ru"]},
        patch={"title": "Senior fellow"},
    ),
    Resource(
        "outlets",
        make=lambda _c: factories.OutletFactory(),
        create=lambda _c: {"name": "Le Monde", "kind": "newspaper", "country": "FR", "language": "fr"},
        patch={"audience_size": 1000},
    ),
    Resource(
        "feeds",
        make=lambda _c: factories.FeedFactory(),
        create=lambda _c: {"outlet": factories.OutletFactory().pk, "url": "https://www.lemonde.fr/rss/une.xml"},
        patch={"is_active": False},
    ),
    Resource(
        "articles",
        make=lambda _c: factories.ArticleFactory(),
        create=lambda _c: {
            "outlet": factories.OutletFactory().pk,
            "url": "https://www.themoscowtimes.com/2020/11/10/ceasefire",
            "title": "Ceasefire in Nagorno-Karabakh",
            "published_at": dt.datetime(2020, 11, 10, 8, tzinfo=dt.UTC).isoformat(),
        },
        patch={"author": "AFP"},
    ),
]
