"""Demo data: the Nagorno-Karabakh emergency response of autumn 2020.

The campaign, the briefing, the op-ed and the press pickup follow what happened; every
partner NGO, staff member, journalist, editor and officer named below is invented, and
every email address is on a reserved example domain. Real public institutions, the two
briefing speakers and Catholicos Karekin II keep their real names.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone, translation

from campaigns.models import (
    Campaign,
    CampaignStatusChange,
    Evidence,
    ExitCriterion,
    Membership,
    Objective,
    ObjectiveStatusChange,
    User,
)
from campaigns.reports.demo_data import (
    ARTICLES,
    ASK_EVIDENCE,
    ASK_HISTORY,
    ASK_TARGETS,
    BRIEFING,
    CAMPAIGN,
    DEMO_PASSWORD,
    DEMO_USERNAMES,
    EXCLUSIVE_UNTIL,
    EXIT_CRITERIA,
    INTERACTIONS,
    KEY_CONTACTS,
    NAME_VARIANTS,
    OBJECTIVES,
    OPEDS,
    ORGANISATIONS,
    OUTLETS,
    PARIS,
    PARTNER_STAFF,
    PITCHES,
    PLACEMENTS,
    REVIEWED,
    RSVP_CYCLE,
    STAFF_TITLES,
    STATUS_CHANGES,
    TAGS,
    TRACKED_TERMS,
    USERS,
)
from campaigns.services.evidence import describe_source
from config.audit import acting
from media_tracker.matching import Matcher
from media_tracker.models import Article, Feed, Mention, Outlet, Placement, TrackedTerm
from media_tracker.services.terms import matcher_term
from outreach.models import Briefing, Contact, Interaction, Invitation, OpEd, Organisation, Pitch, Tag
from outreach.services.protection import contact_set_protection

PROTECTED_CONTACT, PSEUDONYM = "az_journalist", "Source B"
COUNTED_MODELS = [
    User, Campaign, CampaignStatusChange, Membership, Objective, Tag, Organisation, Contact, Outlet, Feed, Briefing,
    Invitation, OpEd, Pitch, Placement, Interaction, TrackedTerm, Article, Mention, ObjectiveStatusChange, Evidence,
    ExitCriterion,
]  # fmt: skip


def _count_key(model) -> str:
    """The key of ``model`` in demo_seed()'s counts, e.g. "op_eds"."""
    with translation.override("en"):
        return str(model._meta.verbose_name_plural).replace(" ", "_").replace("-", "_")


class _Seeder:
    """Get-or-create by natural key, saving an existing row only when a value differs."""

    def __init__(self) -> None:
        self.created = {_count_key(model): 0 for model in COUNTED_MODELS}

    def upsert(self, model, match: dict, fields: dict | None = None, create_only: dict | None = None):
        fields = fields or {}
        obj = model.objects.filter(**match).order_by("pk").first()
        if obj is None:
            key_values = {name: value for name, value in match.items() if "__" not in name}
            obj = model(**key_values, **fields, **(create_only or {}))
            obj.full_clean()
            obj.save()
            self.created[_count_key(model)] += 1
            return obj, True
        changed = {name: value for name, value in fields.items() if getattr(obj, name) != value}
        if changed:
            for name, value in changed.items():
                setattr(obj, name, value)
            obj.full_clean()
            obj.save()
        return obj, False


def _set_m2m(manager, objects) -> None:
    if set(manager.values_list("pk", flat=True)) != {obj.pk for obj in objects}:
        manager.set(objects)


def _split_name(entry: str, org_key: str | None) -> tuple[str, str]:
    """A contact's name and its invented address: initial.surname@<organisation>.example.org."""
    name, _sep, local = (part.strip() for part in entry.partition("="))
    if not local:
        first, *rest = name.split()
        folded = unicodedata.normalize("NFKD", f"{first[0]}.{''.join(rest)}".replace("ı", "i"))
        local = re.sub(r"[^a-z.-]", "", folded.encode("ascii", "ignore").decode().lower())
    return name, f"{local}@{org_key}.example.org" if org_key else f"{local}@example.net"


def _day(value: str | int | None, today: date) -> date | None:
    """An ISO date, or a number of days from ``today``."""
    if value is None:
        return None
    return today + timedelta(days=value) if isinstance(value, int) else date.fromisoformat(value)


def _fingerprint(text: str) -> str:
    return hashlib.sha256(" ".join(text.lower().split()).encode()).hexdigest()


def _seed_people(seed: _Seeder) -> tuple[dict, dict, dict, list]:
    users = {}
    # Hashing is slow on purpose: only hash for the users this run creates.
    existing = set(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
    for username, first_name, last_name, time_zone, language, _role in USERS:
        users[username], _ = seed.upsert(
            User,
            {"username": username},
            {
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@parley-demo.example.org",
                "time_zone": time_zone,
                "language": language,
                "is_staff": username == "coordinator",
                "is_superuser": username == "coordinator",
            },
            create_only={} if username in existing else {"password": make_password(DEMO_PASSWORD)},
        )
    tags = {slug: seed.upsert(Tag, {"slug": slug}, {"name": name})[0] for slug, name in TAGS}
    orgs = {}
    for key, name, kind, country, website, is_partner in ORGANISATIONS:
        website = website or f"https://{key}.example.org"
        orgs[key], _ = seed.upsert(
            Organisation,
            {"name__iexact": name},
            {"name": name, "kind": kind, "country": country, "website": website, "is_partner": is_partner},
        )

    def contact(entry, org_key, title, country, languages, preferred, tag_slugs, variants=()):
        name, email = _split_name(entry, org_key)
        person, _ = seed.upsert(
            Contact,
            {"email__iexact": email},
            {
                "email": email,
                "full_name": name,
                "organisation": orgs.get(org_key),
                "title": title,
                "country": country,
                "languages": languages.split(),
                "preferred_language": preferred,
                "name_variants": list(variants),
            },
        )
        _set_m2m(person.tags, [tags[slug] for slug in tag_slugs.split()])
        return person

    contacts = {row[0]: contact(*row[1:], variants=NAME_VARIANTS.get(row[0], ())) for row in KEY_CONTACTS}
    partner_staff = []
    for org_key, (preferred, languages, names) in PARTNER_STAFF.items():
        country = next(row[3] for row in ORGANISATIONS if row[0] == org_key)
        for index, entry in enumerate(names.split(";")):
            title = STAFF_TITLES[index % len(STAFF_TITLES)]
            person = contact(entry, org_key, title, country, languages, preferred, "ngo-staff")
            contacts[person.email] = person
            partner_staff.append(person)
    return users, orgs, contacts, partner_staff


def _seed_campaign(seed: _Seeder, users: dict) -> Campaign:
    coordinator = users["coordinator"]
    fields = {key: value for key, value in CAMPAIGN.items() if key != "slug"}
    campaign, _ = seed.upsert(Campaign, {"slug": CAMPAIGN["slug"]}, {**fields, "coordinator": coordinator})
    for from_status, to_status, when, note in STATUS_CHANGES:
        seed.upsert(
            CampaignStatusChange,
            {"campaign": campaign, "from_status": from_status, "to_status": to_status},
            {"changed_by": coordinator, "note": note, "changed_at": datetime.fromisoformat(when).replace(tzinfo=PARIS)},
        )
    for username, *_rest, role in USERS:
        seed.upsert(Membership, {"user": users[username], "campaign": campaign}, {"role": role})
    for position, (title, target, status, description) in enumerate(OBJECTIVES, start=1):
        seed.upsert(
            Objective,
            {"campaign": campaign, "title": title},
            {"target": target, "status": status, "description": description, "position": position},
        )
    return campaign


def _seed_briefing(seed: _Seeder, campaign: Campaign, users: dict, contacts: dict, partner_staff: list) -> None:
    starts_at = BRIEFING["starts_at"]
    briefing, _ = seed.upsert(
        Briefing,
        {"campaign": campaign, "title": BRIEFING["title"]},
        {
            "agenda": BRIEFING["agenda"],
            "starts_at": starts_at,
            "status": Briefing.Status.HELD,
            "ends_at": starts_at + timedelta(minutes=BRIEFING["minutes"]),
            "time_zone": "Europe/Paris",
            "online_url": BRIEFING["online_url"],
            "location": "Online",
            "created_by": users["coordinator"],
        },
    )
    speakers = [contacts["valko"], contacts["dewaal"]]
    _set_m2m(briefing.speakers, speakers)
    sent_at = BRIEFING["sent_at"]
    invitees = [person for person in partner_staff if person not in speakers]
    for index, person in enumerate(invitees):
        answer = RSVP_CYCLE[index % len(RSVP_CYCLE)]
        status = {"A": "accepted", "N": "accepted", "T": "tentative", "D": "declined", "I": "invited"}[answer]
        seed.upsert(
            Invitation,
            {"briefing": briefing, "contact": person},
            {
                "status": status,
                "attended": {"A": True, "N": False}.get(answer),
                "invited_by": users["coordinator"],
                "sent_at": sent_at,
                "answered_at": None if status == "invited" else sent_at + timedelta(hours=2 + index * 7 % 140),
            },
        )


def _seed_op_eds(seed: _Seeder, campaign: Campaign, users: dict, contacts: dict, outlets: dict) -> dict:
    op_eds = {}
    for row in OPEDS:
        original = op_eds.get(row.get("version_of"))
        source = next(r for r in OPEDS if r["key"] == row["version_of"]) if original else row
        fields = {"status": row["status"], "summary": source["summary"], "owner": users["staff"]}
        if original:
            match = {"version_of": original, "language": row["language"]}
            fields.update(campaign=campaign, title=row["title"])
        else:
            match = {"campaign": campaign, "title": row["title"], "version_of__isnull": True}
            fields["language"] = row["language"]
        op_eds[row["key"]], _ = seed.upsert(OpEd, match, fields)
        _set_m2m(op_eds[row["key"]].authors, [contacts[key] for key in source["authors"]])
    pitches = {}
    for position, (op_ed_key, outlet, editor, status, pitched, follow_up, answered, outcome) in enumerate(PITCHES):
        pitches[op_ed_key, outlet], _ = seed.upsert(
            Pitch,
            {"op_ed": op_eds[op_ed_key], "outlet": outlets[outlet]},
            {
                "editor": contacts[editor],
                "status": status,
                "outcome": outcome,
                "owner": users["staff"],
                "pitched_on": _day(pitched, None),
                "follow_up_on": _day(follow_up, None),
                "answered_on": _day(answered, None),
                "exclusive_until": _day(EXCLUSIVE_UNTIL.get((op_ed_key, outlet)), None),
                "position": position,
            },
        )
    return {"op_eds": op_eds, "pitches": pitches}


def _seed_media(seed: _Seeder, campaign: Campaign, reviewer: User) -> dict:
    outlets = {}
    for name, kind, country, language, website, feed_url in OUTLETS:
        outlets[name], _ = seed.upsert(
            Outlet,
            {"name": name},
            {"kind": kind, "country": country, "language": language, "website": website},
        )
        # Created inactive: a running poller must not hit real sites with made-up feed paths.
        feed_fields = {"outlet": outlets[name], "title": f"{name}: world news"}
        seed.upsert(Feed, {"url": feed_url}, feed_fields, create_only={"is_active": False})
    terms = [
        seed.upsert(
            TrackedTerm,
            {"campaign": campaign, "term": term},
            {
                "kind": kind,
                "source": source,
                "language": language,
                "forms": [{"language": code, "text": text} for code, text in forms.items()],
            },
        )[0]
        for term, kind, source, language, forms in TRACKED_TERMS
    ]
    # The tracker's own matcher finds the terms, in every language and inflected form.
    matcher = Matcher(matcher_term(term) for term in terms)
    by_id = {term.pk: term for term in terms}
    articles = {}
    for outlet, path, published, language, author, title, text in ARTICLES:
        published_at = datetime.fromisoformat(published).replace(tzinfo=ZoneInfo("UTC"))
        article, _ = seed.upsert(
            Article,
            {"url": outlets[outlet].website.rstrip("/") + path},
            {
                "outlet": outlets[outlet],
                "feed": outlets[outlet].feeds.order_by("pk").first(),
                "title": title,
                "author": author,
                "published_at": published_at,
                "language": language,
                "text": text,
                "fingerprint": _fingerprint(text),
            },
        )
        articles[article.url] = article
        found = matcher.find(f"{title}\n{text}", language=language).get(campaign.pk)
        if found is None:
            continue
        matched = [by_id[pk] for pk in found.term_ids]
        sentences = re.split(r"(?<=[.!?])\s+", text)
        snippet = next((s for s in sentences if matcher.find(s, language=language)), title)
        # Found by the tracker an hour after publication; some reviewed by the coordinator.
        relevance = REVIEWED.get(path, Mention.Relevance.UNREVIEWED)
        reviewed = relevance != Mention.Relevance.UNREVIEWED
        mention, _ = seed.upsert(
            Mention,
            {"article": article, "campaign": campaign},
            {
                "snippet": snippet,
                "published_at": published_at,
                "found_at": published_at + timedelta(hours=1),
                "relevance": relevance,
                "reviewed_by": reviewer if reviewed else None,
                "reviewed_at": published_at + timedelta(hours=3) if reviewed else None,
            },
        )
        _set_m2m(mention.terms, matched)
    return {"outlets": outlets, "articles": articles}


def _seed_placements(seed: _Seeder, campaign: Campaign, contacts: dict, media: dict, pitching: dict) -> None:
    spokespeople = [contacts["hy_journalist"], contacts["az_journalist"]]
    for outlet_name, kind, op_ed_key, published_on, title, url in PLACEMENTS:
        outlet = media["outlets"][outlet_name]
        op_ed = pitching["op_eds"].get(op_ed_key)
        placement, _ = seed.upsert(
            Placement,
            {"campaign": campaign, "url": url},
            {
                "outlet": outlet,
                "kind": kind,
                "op_ed": op_ed,
                "title": title or op_ed.title,
                "pitch": pitching["pitches"].get((op_ed_key, outlet_name)),
                "article": media["articles"].get(url),
                "published_on": date.fromisoformat(published_on),
            },
        )
        _set_m2m(placement.spokespeople, spokespeople)


def _seed_interactions(seed: _Seeder, campaign: Campaign, people: dict, today: date) -> None:
    for who, org_key, channel, when, by, summary, next_step, follow_up, done in INTERACTIONS:
        person = people["contacts"].get(who)
        organisation = person.organisation if person else people["orgs"][org_key]
        occurred_at = datetime.combine(_day(when, today), time(10, 0), tzinfo=PARIS)
        # Everything but the key is written once: follow-up dates move with the day of the
        # first run, and people mark demo follow-ups done; a re-run must keep both.
        seed.upsert(
            Interaction,
            {"campaign": campaign, "contact": person, "organisation": organisation, "summary": summary},
            create_only={
                "channel": channel,
                "occurred_at": occurred_at,
                "logged_by": people["users"][by],
                "next_step": next_step,
                "follow_up_on": _day(follow_up, today),
                "done": done,
                "done_at": occurred_at + timedelta(days=1) if done else None,
            },
        )


def _seed_results(seed: _Seeder, campaign: Campaign, people: dict) -> None:
    """The asks' targets, how they moved and what served them; the exit criteria and their state."""
    coordinator = people["users"]["coordinator"]
    asks = list(Objective.objects.filter(campaign=campaign).order_by("position"))
    for objective, (org_key, contact_keys) in zip(asks, ASK_TARGETS, strict=True):
        organisation = people["orgs"].get(org_key)
        if objective.target_organisation_id != (organisation.pk if organisation else None):
            objective.target_organisation = organisation
            objective.save(update_fields=["target_organisation", "updated_at"])
        _set_m2m(objective.target_contacts, [people["contacts"][key] for key in contact_keys])
    for position, from_status, to_status, when, note in ASK_HISTORY:
        seed.upsert(
            ObjectiveStatusChange,
            {"objective": asks[position - 1], "from_status": from_status, "to_status": to_status},
            {"changed_by": coordinator, "note": note, "changed_at": datetime.fromisoformat(when).replace(tzinfo=PARIS)},
        )
    for position, kind, what in ASK_EVIDENCE:
        objective = asks[position - 1]
        if kind == Evidence.Kind.NOTE:
            text, url, day = what
            seed.upsert(
                Evidence,
                {"objective": objective, "kind": kind, "label": text},
                {"campaign": campaign, "note": text, "url": url, "occurred_on": date.fromisoformat(day),
                 "added_by": coordinator},
            )  # fmt: skip
            continue
        source = _evidence_source(campaign, kind, what, people)
        label, url, day = describe_source(kind, source)
        seed.upsert(
            Evidence,
            {"objective": objective, kind: source},
            {"campaign": campaign, "kind": kind, "label": label[:200], "url": url, "occurred_on": day,
             "added_by": coordinator},
        )  # fmt: skip
    for position, (text, state, evidence, as_of) in enumerate(EXIT_CRITERIA, start=1):
        seed.upsert(
            ExitCriterion,
            {"campaign": campaign, "text": text},
            {"state": state, "evidence": evidence, "state_on": date.fromisoformat(as_of), "position": position,
             "updated_by": coordinator},
        )  # fmt: skip


def _evidence_source(campaign: Campaign, kind: str, what, people: dict):
    if kind == Evidence.Kind.INTERACTION:
        key, day = what
        person = people["contacts"].get(key)
        found = Interaction.objects.filter(campaign=campaign, occurred_at__date=date.fromisoformat(day))
        found = found.filter(contact=person) if person else found.filter(organisation=people["orgs"][key])
        return found.order_by("pk").first()
    if kind == Evidence.Kind.BRIEFING:
        return Briefing.objects.get(campaign=campaign, title=BRIEFING["title"])
    if kind == Evidence.Kind.PLACEMENT:
        return Placement.objects.get(campaign=campaign, url=what)
    return Mention.objects.get(campaign=campaign, article__url=what)


def demo_seed() -> dict[str, int]:
    """Create or update the demo campaign and everything around it; return how many rows of
    each kind were created (all zeros on a second run, which changes nothing)."""
    seed = _Seeder()
    today = timezone.localdate()
    with transaction.atomic():
        users, orgs, contacts, partner_staff = _seed_people(seed)
        # The campaign's rows go on its audit trail as the coordinator's (the trail demo).
        with acting(users["coordinator"]):
            campaign = _seed_campaign(seed, users)
            _seed_briefing(seed, campaign, users, contacts, partner_staff)
            media = _seed_media(seed, campaign, users["coordinator"])
            pitching = _seed_op_eds(seed, campaign, users, contacts, media["outlets"])
            _seed_placements(seed, campaign, contacts, media, pitching)
            people = {"users": users, "orgs": orgs, "contacts": contacts}
            _seed_interactions(seed, campaign, people, today)
            _seed_results(seed, campaign, people)
        # One at-risk contact: the Azerbaijani co-author, shown as "Source B" to all but the coordinator.
        contact_set_protection(
            contact=contacts[PROTECTED_CONTACT], protected=True, pseudonym=PSEUDONYM, by=users["coordinator"]
        )
    return seed.created
