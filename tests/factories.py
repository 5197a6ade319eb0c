"""factory_boy factories for the domain model; each builds a valid row."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from campaigns.models import Campaign, Evidence, ExitCriterion, Membership, Objective, User
from media_tracker.models import Article, Feed, Mention, Outlet, Placement, TrackedTerm
from outreach.models import Briefing, Contact, Interaction, Invitation, OpEd, Organisation, Pitch, Tag


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@parley.example.org")
    password = factory.django.Password("pw")


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    status = Campaign.Status.ACTIVE
    launched_on = dt.date(2020, 10, 15)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Ask {n}")
    target = "OSCE Minsk Group"


class EvidenceFactory(factory.django.DjangoModelFactory):
    """A note with a link; pass a source (``placement=...``, ``kind="placement"``) for the others."""

    class Meta:
        model = Evidence

    objective = factory.SubFactory(ObjectiveFactory)
    campaign = factory.SelfAttribute("objective.campaign")
    kind = Evidence.Kind.NOTE
    label = factory.Sequence(lambda n: f"Statement {n} cites the call")
    note = factory.LazyAttribute(lambda e: e.label)
    url = "https://www.consilium.europa.eu/en/press/"
    occurred_on = dt.date(2020, 11, 12)


class ExitCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExitCriterion

    campaign = factory.SubFactory(CampaignFactory)
    text = factory.Sequence(lambda n: f"Condition {n} holds")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    campaign = factory.SubFactory(CampaignFactory)
    role = Membership.Role.STAFF


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Partner NGO {n}")
    kind = Organisation.Kind.NGO
    country = "AM"


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"tag-{n}")
    name = factory.LazyAttribute(lambda t: t.slug.title())


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    full_name = factory.Sequence(lambda n: f"Contact {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"contact{n}@partner.example.org")
    country = "FR"
    languages = factory.LazyFunction(lambda: ["en", "fr"])
    preferred_language = "en"


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    campaign = factory.SubFactory(CampaignFactory)
    contact = factory.SubFactory(ContactFactory)
    summary = "Called about the briefing"
    logged_by = factory.SubFactory(UserFactory)


class BriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Briefing

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Briefing {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda b: b.starts_at + dt.timedelta(minutes=90))
    time_zone = "Europe/Paris"
    online_url = "https://meet.example.org/briefing"
    status = Briefing.Status.SCHEDULED


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    briefing = factory.SubFactory(BriefingFactory)
    contact = factory.SubFactory(ContactFactory)


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    country = "DE"
    language = "de"


class FeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feed

    outlet = factory.SubFactory(OutletFactory)
    url = factory.Sequence(lambda n: f"https://news.example.org/feed/{n}.xml")


class OpEdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpEd

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Op-ed {n}")
    language = "en"


class PitchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pitch

    op_ed = factory.SubFactory(OpEdFactory)
    outlet = factory.SubFactory(OutletFactory)
    status = Pitch.Status.PITCHED
    pitched_on = dt.date(2020, 10, 20)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    outlet = factory.SubFactory(OutletFactory)
    url = factory.Sequence(lambda n: f"https://news.example.org/articles/{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    published_at = factory.LazyFunction(timezone.now)
    language = "en"


class TrackedTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackedTerm

    campaign = factory.SubFactory(CampaignFactory)
    term = factory.Sequence(lambda n: f"term {n}")


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    article = factory.SubFactory(ArticleFactory)
    campaign = factory.SubFactory(CampaignFactory)
    published_at = factory.LazyAttribute(lambda m: m.article.published_at)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    campaign = factory.SubFactory(CampaignFactory)
    outlet = factory.SubFactory(OutletFactory)
    kind = Placement.Kind.COMMENT
    url = factory.Sequence(lambda n: f"https://news.example.org/placements/{n}")
    published_on = dt.date(2020, 11, 10)
