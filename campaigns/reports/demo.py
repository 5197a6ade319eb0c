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
from django.db import models, transaction
from django.utils import timezone, translation

from campaigns.models import (
    Campaign,
    CampaignStatusChange,
    DemoRecord,
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
    PRESENT_ARTICLES,
    PRESENT_INTERACTIONS,
    PRESENT_OPED,
    PRESENT_PITCHES,
    REVIEWED,
    RSVP_CYCLE,
    STAFF_TITLES,
    STATUS_CHANGES,
    TAGS,
    TRACKED_TERMS,
    UPCOMING_BRIEFING,
    USERS,
)
from campaigns.services.evidence import describe_source
from config.audit import acting
from media_tracker.matching import Matcher
from media_tracker.models import Article, Feed, Mention, Outlet, Placement, TrackedTerm
from media_tracker.services.terms import matcher_term
from outreach.models import Briefing, Contact, Interaction, Invitation, OpEd, Organisation, Pitch, Tag
from outreach.services.briefings import briefing_create
from outreach.services.interactions import interaction_log, interaction_mark_done
from outreach.services.invitations import invitation_record_answer, invitations_create, invitations_send
from outreach.services.opeds import oped_create, oped_set_status
from outreach.services.pitches import pitch_create
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


class _Gone:
    """A demo row someone deleted: nothing that depends on it is created again."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "GONE"


GONE = _Gone()


def _key_part(value) -> str:
    if isinstance(value, models.Model):
        return f"{value._meta.label_lower}#{value.pk}"
    return str(value)


class _Seeder:
    """Create each demo row once, by its natural key, and remember it in the DemoRecord ledger.

    A key created once is never created again: an edited row is left as it is, a deleted one
    stays deleted (``GONE``), and rows that would depend on a deleted one are not created.
    A row found by its key but missing from the ledger (seeded before the ledger, or made by
    a person) is taken as it is and recorded, never overwritten.
    """

    def __init__(self) -> None:
        self.created = {_count_key(model): 0 for model in COUNTED_MODELS}
        self.ledger = dict(DemoRecord.objects.values_list("key", "object_id"))

    @staticmethod
    def key(model, match: dict) -> str:
        parts = ",".join(f"{name}={_key_part(value)}" for name, value in sorted(match.items()))
        key = f"{model._meta.label_lower}:{parts}"
        if len(key) > 250:
            key = f"{key[:200]}~{hashlib.sha256(key.encode()).hexdigest()[:40]}"
        return key

    def record(self, key: str, model, object_id: int) -> None:
        DemoRecord.objects.create(key=key, model=model._meta.label_lower if model else "", object_id=object_id)
        self.ledger[key] = object_id

    def once(self, key: str) -> bool:
        """True the first time ever for ``key`` (an action rather than a row), then never again."""
        if key in self.ledger:
            return False
        self.record(key, None, 0)
        return True

    def known(self, model, match: dict):
        """The row created once for this key, GONE if deleted since, None if never created."""
        object_id = self.ledger.get(self.key(model, match))
        if object_id is None:
            return None
        return model.objects.filter(pk=object_id).first() or GONE

    def upsert(self, model, match: dict, fields: dict | None = None, create_only: dict | None = None):
        """(row, created): the row for ``match``, created with ``fields`` the first time only."""
        if any(value is GONE for value in (*(fields or {}).values(), *(create_only or {}).values())):
            return GONE, False

        def create():
            key_values = {name: value for name, value in match.items() if "__" not in name}
            obj = model(**key_values, **(fields or {}), **(create_only or {}))
            obj.full_clean()
            obj.save()
            return obj

        return self.make(model, match, create)

    def make(self, model, match: dict, create):
        """(row, created) like upsert, the row made by ``create()`` (a service) the first time."""
        if any(value is GONE for value in match.values()):
            return GONE, False
        known = self.known(model, match)
        if known is not None:
            return known, False
        obj = model.objects.filter(**match).order_by("pk").first()
        created = obj is None
        if created:
            obj = create()
            self.created[_count_key(model)] += 1
        self.record(self.key(model, match), model, obj.pk)
        return obj, created


def _set_m2m(manager, objects, created: bool) -> None:
    """A new row's many-to-many links; an existing row keeps the links people gave it."""
    if created:
        manager.set([obj for obj in objects if obj])


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
        person, created = seed.upsert(
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
        if person:
            _set_m2m(person.tags, [tags[slug] for slug in tag_slugs.split()], created)
        return person

    contacts = {row[0]: contact(*row[1:], variants=NAME_VARIANTS.get(row[0], ())) for row in KEY_CONTACTS}
    partner_staff = []
    for org_key, (preferred, languages, names) in PARTNER_STAFF.items():
        country = next(row[3] for row in ORGANISATIONS if row[0] == org_key)
        for index, entry in enumerate(names.split(";")):
            title = STAFF_TITLES[index % len(STAFF_TITLES)]
            person = contact(entry, org_key, title, country, languages, preferred, "ngo-staff")
            contacts[_split_name(entry, org_key)[1]] = person
            if person:
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
    briefing, created = seed.upsert(
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
    if not briefing:
        return
    speakers = [contacts["valko"], contacts["dewaal"]]
    _set_m2m(briefing.speakers, speakers, created)
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
        if "version_of" in row and not op_eds[row["version_of"]]:
            op_eds[row["key"]] = GONE
            continue
        original = op_eds.get(row.get("version_of"))
        source = next(r for r in OPEDS if r["key"] == row["version_of"]) if original else row
        fields = {"status": row["status"], "summary": source["summary"], "owner": users["staff"]}
        if original:
            match = {"version_of": original, "language": row["language"]}
            fields.update(campaign=campaign, title=row["title"])
        else:
            match = {"campaign": campaign, "title": row["title"], "version_of__isnull": True}
            fields["language"] = row["language"]
        op_eds[row["key"]], created = seed.upsert(OpEd, match, fields)
        if op_eds[row["key"]]:
            _set_m2m(op_eds[row["key"]].authors, [contacts[key] for key in source["authors"]], created)
    pitches = {}
    for position, (op_ed_key, outlet, editor, status, pitched, follow_up, answered, outcome) in enumerate(PITCHES):
        pitches[op_ed_key, outlet], _ = seed.upsert(
            Pitch,
            {"op_ed": op_eds[op_ed_key], "outlet": outlets[outlet]},
            {
                "editor": contacts[editor] or None,
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
        if not outlets[name]:
            continue
        seed.upsert(Feed, {"url": feed_url}, feed_fields, create_only={"is_active": False})
    made = [
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
    terms = [term for term in made if term]
    # The tracker's own matcher finds the terms, in every language and inflected form.
    matcher = Matcher(matcher_term(term) for term in terms)
    by_id = {term.pk: term for term in terms}
    tracker = {"matcher": matcher, "terms": by_id, "reviewer": reviewer}
    articles = {}
    for outlet, path, published, *rest in ARTICLES:
        published_at = datetime.fromisoformat(published).replace(tzinfo=ZoneInfo("UTC"))
        url = outlets[outlet].website.rstrip("/") + path if outlets[outlet] else ""
        articles[url] = _seed_article(seed, campaign, tracker, outlets[outlet], url, published_at, *rest)
    return {"outlets": outlets, "articles": articles, "tracker": tracker}


def _seed_article(seed, campaign, tracker, outlet, url, published_at, language, author, title, text):
    """An article and, when the tracker's matcher finds the campaign's terms in it, its mention."""
    if not outlet:
        return GONE
    article, _ = seed.upsert(
        Article,
        {"url": url},
        {
            "outlet": outlet,
            "feed": outlet.feeds.order_by("pk").first(),
            "title": title,
            "author": author,
            "published_at": published_at,
            "language": language,
            "text": text,
            "fingerprint": _fingerprint(text),
        },
    )
    if not article or not campaign:
        return article
    matcher = tracker["matcher"]
    found = matcher.find(f"{title}\n{text}", language=language).get(campaign.pk)
    if found is None:
        return article
    matched = [tracker["terms"][pk] for pk in found.term_ids]
    sentences = re.split(r"(?<=[.!?])\s+", text)
    snippet = next((s for s in sentences if matcher.find(s, language=language)), title)
    # Found by the tracker an hour after publication; some reviewed by the coordinator.
    relevance = next((value for path, value in REVIEWED.items() if url.endswith(path)), Mention.Relevance.UNREVIEWED)
    reviewed = relevance != Mention.Relevance.UNREVIEWED
    mention, created = seed.upsert(
        Mention,
        {"article": article, "campaign": campaign},
        {
            "snippet": snippet,
            "published_at": published_at,
            "found_at": published_at + timedelta(hours=1),
            "relevance": relevance,
            "reviewed_by": tracker["reviewer"] if reviewed else None,
            "reviewed_at": published_at + timedelta(hours=3) if reviewed else None,
        },
    )
    if mention:
        _set_m2m(mention.terms, matched, created)
    return article


def _seed_placements(seed: _Seeder, campaign: Campaign, contacts: dict, media: dict, pitching: dict) -> None:
    spokespeople = [contacts["hy_journalist"], contacts["az_journalist"]]
    for outlet_name, kind, op_ed_key, published_on, title, url in PLACEMENTS:
        outlet = media["outlets"][outlet_name]
        op_ed = pitching["op_eds"].get(op_ed_key)
        if op_ed is GONE or not outlet:
            continue
        placement, created = seed.upsert(
            Placement,
            {"campaign": campaign, "url": url},
            {
                "outlet": outlet,
                "kind": kind,
                "op_ed": op_ed,
                "title": title or op_ed.title,
                "pitch": pitching["pitches"].get((op_ed_key, outlet_name)) or None,
                "article": media["articles"].get(url) or None,
                "published_on": date.fromisoformat(published_on),
            },
        )
        if placement:
            _set_m2m(placement.spokespeople, spokespeople, created)


def _who(people: dict, who: str | None, org_key: str | None):
    """(contact, organisation) of an interaction; GONE in either when someone deleted it."""
    if who is None:
        return None, people["orgs"][org_key]
    person = people["contacts"].get(who, GONE)
    return person, (person.organisation if person else GONE)


def _seed_interactions(seed: _Seeder, campaign: Campaign, people: dict, today: date) -> None:
    for who, org_key, channel, when, by, summary, next_step, follow_up, done in INTERACTIONS:
        person, organisation = _who(people, who, org_key)
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
    asks = [seed.known(Objective, {"campaign": campaign, "title": row[0]}) or GONE for row in OBJECTIVES]
    for objective, (org_key, contact_keys) in zip(asks, ASK_TARGETS, strict=True):
        if not objective or not seed.once(f"demo:ask-targets:{objective.pk}"):
            continue
        organisation = people["orgs"].get(org_key) or None
        if objective.target_organisation_id != (organisation.pk if organisation else None):
            objective.target_organisation = organisation
            objective.save(update_fields=["target_organisation", "updated_at"])
        _set_m2m(objective.target_contacts, [people["contacts"][key] for key in contact_keys], True)
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
        if not source or not objective:
            continue
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
        if person is GONE or people["orgs"].get(key) is GONE:
            return None
        found = found.filter(contact=person) if person else found.filter(organisation=people["orgs"][key])
        return found.order_by("pk").first()
    if kind == Evidence.Kind.BRIEFING:
        return Briefing.objects.filter(campaign=campaign, title=BRIEFING["title"]).first()
    if kind == Evidence.Kind.PLACEMENT:
        return Placement.objects.filter(campaign=campaign, url=what).first()
    return Mention.objects.filter(campaign=campaign, article__url=what).first()


def _seed_present(seed: _Seeder, campaign: Campaign, people: dict, media: dict, partner_staff: list) -> None:
    """The campaign today: dated from the day each row is first created, through the services."""
    users, contacts = people["users"], people["contacts"]
    now = timezone.now()
    today = timezone.localdate()
    coordinator, staff = users["coordinator"], users["staff"]
    _seed_upcoming_briefing(seed, campaign, coordinator, contacts, partner_staff, now, today)

    authors = [contacts[key] for key in PRESENT_OPED["authors"]]
    op_ed, created = seed.make(
        OpEd,
        {"campaign": campaign, "title": PRESENT_OPED["title"], "version_of__isnull": True},
        lambda: oped_create(
            campaign=campaign, title=PRESENT_OPED["title"], language=PRESENT_OPED["language"],
            summary=PRESENT_OPED["summary"], authors=[person for person in authors if person], by=staff,
        ),
    )  # fmt: skip
    if created:
        oped_set_status(op_ed=op_ed, status=OpEd.Status.READY, by=staff)
    for position, (outlet_name, editor, pitched, follow_up) in enumerate(PRESENT_PITCHES):
        outlet = media["outlets"][outlet_name]
        seed.make(
            Pitch,
            {"op_ed": op_ed, "outlet": outlet},
            lambda outlet=outlet, editor=editor, pitched=pitched, follow_up=follow_up, position=position: pitch_create(
                op_ed=op_ed, outlet=outlet, editor=contacts.get(editor) or None, by=staff, position=position,
                pitched_on=today + timedelta(days=pitched), follow_up_on=today + timedelta(days=follow_up),
            ),
        )  # fmt: skip

    for who, org_key, channel, when, by, summary, next_step, follow_up, done in PRESENT_INTERACTIONS:
        person, organisation = _who(people, who, org_key)
        logged_by = users[by]
        occurred_at = min(now, timezone.make_aware(datetime.combine(today + timedelta(days=when), time(10, 0))))

        def log(person=person, organisation=organisation, logged_by=logged_by, occurred_at=occurred_at,
                channel=channel, summary=summary, next_step=next_step, follow_up=follow_up, done=done):  # fmt: skip
            interaction = interaction_log(
                campaign=campaign, by=logged_by, contact=person, organisation=organisation, channel=channel,
                occurred_at=occurred_at, summary=summary, next_step=next_step,
                follow_up_on=None if follow_up is None else today + timedelta(days=follow_up),
            )  # fmt: skip
            return interaction_mark_done(interaction=interaction, by=logged_by) if done else interaction

        if logged_by:
            seed.make(
                Interaction,
                {"campaign": campaign, "contact": person, "organisation": organisation, "summary": summary},
                log,
            )

    for outlet_name, path, hours_ago, *rest in PRESENT_ARTICLES:
        outlet = media["outlets"][outlet_name]
        url = outlet.website.rstrip("/") + path if outlet else ""
        _seed_article(seed, campaign, media["tracker"], outlet, url, now - timedelta(hours=hours_ago), *rest)


def _seed_upcoming_briefing(seed, campaign, coordinator, contacts, partner_staff, now, today) -> None:
    """A partner call next week: invitations out a few days ago, some answered already."""
    data = UPCOMING_BRIEFING
    zone = ZoneInfo("Europe/Paris")
    starts_at = datetime.combine(today + timedelta(days=data["in_days"]), time(*data["at"]), tzinfo=zone)
    speakers = [contacts[key] for key in data["speakers"]]
    briefing, created = seed.make(
        Briefing,
        {"campaign": campaign, "title": data["title"]},
        lambda: briefing_create(
            campaign=campaign, title=data["title"], agenda=data["agenda"], starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=data["minutes"]), time_zone="Europe/Paris",
            online_url=data["online_url"], location="Online", speakers=[person for person in speakers if person],
            by=coordinator,
        ),
    )  # fmt: skip
    if not created:
        return
    # Every third partner staff member: people of most partner organisations, in each of their languages.
    invitees = [person for person in partner_staff if person not in speakers][::3][: len(data["answers"])]
    invitations_create(briefing=briefing, contacts=invitees, by=coordinator)
    # Sent a few days ago: the invitation emails are queued (a running worker writes them to the
    # mail folder of `make run`: every demo address is on a reserved example domain), and dated then.
    sent_at = now - timedelta(days=data["sent_days_ago"])
    invitations_send(briefing=briefing, by=coordinator, now=sent_at)
    rows = Invitation.objects.filter(briefing=briefing).order_by("pk")
    rows.filter(sent_at__isnull=True).update(sent_at=sent_at)
    answers = {"A": "accepted", "D": "declined", "T": "tentative"}
    for index, (invitation, letter) in enumerate(zip(rows, data["answers"], strict=False)):
        if letter in answers:
            answered_at = min(now, sent_at + timedelta(hours=3 + index * 5))
            invitation_record_answer(invitation=invitation, answer=answers[letter], by=coordinator, now=answered_at)


def demo_seed() -> dict[str, int]:
    """Create what the demo lacks (never what it created once: see _Seeder) and return how many
    rows of each kind were created (all zeros on a second run, which changes nothing)."""
    seed = _Seeder()
    today = timezone.localdate()
    with transaction.atomic():
        users, orgs, contacts, partner_staff = _seed_people(seed)
        # The campaign's rows go on its audit trail as the coordinator's (the trail demo).
        with acting(users["coordinator"] or None):
            campaign = _seed_campaign(seed, users)
            _seed_briefing(seed, campaign, users, contacts, partner_staff)
            media = _seed_media(seed, campaign, users["coordinator"])
            pitching = _seed_op_eds(seed, campaign, users, contacts, media["outlets"])
            _seed_placements(seed, campaign, contacts, media, pitching)
            people = {"users": users, "orgs": orgs, "contacts": contacts}
            _seed_interactions(seed, campaign, people, today)
            _seed_results(seed, campaign, people)
            _seed_present(seed, campaign, people, media, partner_staff)
        # One at-risk contact: the Azerbaijani co-author, shown as "Source B" to all but the coordinator.
        if contacts[PROTECTED_CONTACT] and seed.once(f"demo:protected:{contacts[PROTECTED_CONTACT].pk}"):
            contact_set_protection(
                contact=contacts[PROTECTED_CONTACT], protected=True, pseudonym=PSEUDONYM, by=users["coordinator"]
            )
    return seed.created
