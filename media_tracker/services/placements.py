"""Placements: a pitched op-ed that ran in the outlet it was pitched to, or a piece that ran
without a pitch (a comment on BBC World by a spokesperson). Every placement row is written here.

A placement of a pitch marks the pitch and its op-ed placed; removing it puts them back.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from config.audit import audited
from media_tracker.matching import normalise
from media_tracker.models import Article, Outlet, Placement
from media_tracker.shingles import same_piece
from outreach.mail.drafts import EmailDraft, address_is_valid
from outreach.mail.queue import emails_queue
from outreach.models import Contact, OpEd, OutgoingEmail, Pitch

logger = logging.getLogger(__name__)

MIN_TITLE_WORDS_IN_BODY = 4
BYLINE_PARAGRAPHS = 3  # editors move the byline into the first paragraphs ("By ...", "Par ...")
BYLINE_MAX_WORDS = 15
# What a byline line holds besides the names, in the campaign's languages (normalised).
BYLINE_WORDS = frozenset(
    {"by", "and", "with", "opinion", "op", "ed", "guest", "column", "par", "et", "avec", "tribune", "von", "und"}
    | {"gastbeitrag", "meinung", "от", "и", "мнение", "колонка", "por", "y", "con", "tarafindan", "ve", "ile"}
    | {"gorus", "بقلم", "و", "رأي", "مقال"}
)
OPEN_PITCH_STATUSES = (Pitch.Status.PITCHED, Pitch.Status.ACCEPTED, Pitch.Status.EXPIRED)


def _contains(haystack: str, needle: str) -> bool:
    """Word-boundary containment of two normalised strings."""
    core = needle.strip()
    return bool(core) and f" {core} " in haystack


def byline_lines(article: Article) -> list[str]:
    """Short lines among the article's first paragraphs (normalised): where a byline moved into the
    body sits ("By Anna Hakobyan and Leyla Aliyeva")."""
    paragraphs = [line for line in article.text.splitlines() if line.strip()][:BYLINE_PARAGRAPHS]
    return [normalise(line) for line in paragraphs if len(line.split()) <= BYLINE_MAX_WORDS]


def _is_byline(line: str, authors) -> bool:
    """``line`` names every author and nothing else but byline words: "By X and Y", not "X was quoted"."""
    rest = line
    for author in authors:
        names = [normalise(name) for name in author_names(author)]
        found = next((name for name in names if _contains(rest, name)), None)
        if found is None:
            return False
        rest = rest.replace(found.rstrip(), "", 1)
    return all(word in BYLINE_WORDS for word in rest.split())


def author_names(contact) -> list[str]:
    return [contact.full_name, *(contact.name_variants or [])]


def pitch_matches_article(*, pitch: Pitch, article: Article) -> bool:
    """The article carries the op-ed's title, its authors as a byline, or its text under any headline.

    The title counts in the article's body only when it has a few words: a one- or two-word
    title ("Peace now") appears in too many texts to prove anything. Authors count in the byline
    metadata, or all of them on a byline line among the first paragraphs. The text counts when the op-ed's
    stored text and the article share enough 5-word sequences (``media_tracker.shingles``): a
    retitled, trimmed op-ed does; a news story quoting a few of its sentences does not.
    """
    op_ed = pitch.op_ed
    title = normalise(op_ed.title)
    if _contains(normalise(article.title), title):
        return True
    if title.count(" ") - 1 >= MIN_TITLE_WORDS_IN_BODY and _contains(normalise(article.text), title):
        return True
    authors = list(op_ed.authors.all())
    if authors:
        byline = normalise(article.author)
        if any(_contains(byline, normalise(name)) for author in authors for name in author_names(author)):
            return True
        if any(_is_byline(line, authors) for line in byline_lines(article)):
            return True
    return bool(op_ed.text.strip()) and same_piece(op_ed.text, article.text)


@audited
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


@audited
@transaction.atomic
def placement_record(
    *,
    campaign: Campaign,
    outlet: Outlet,
    published_on: dt.date,
    by,
    kind: str = Placement.Kind.COMMENT,
    title: str = "",
    url: str = "",
    op_ed: OpEd | None = None,
    pitch: Pitch | None = None,
    article: Article | None = None,
    spokespeople: list[Contact] | None = None,
) -> Placement:
    """A piece that ran: with a pitch, the pitch's placement (pitch_record_placement); without one,
    a placement of its own (an op-ed it belongs to is then placed too)."""
    placement = Placement(
        campaign=campaign,
        outlet=outlet,
        published_on=published_on,
        kind=kind,
        title=title,
        url=url,
        op_ed=op_ed,
        pitch=pitch,
        article=article,
    )
    if pitch is not None and Placement.objects.filter(pitch=pitch).exists():
        raise ValidationError({"pitch": _("This pitch's placement is already recorded.")})
    placement.full_clean()
    if pitch is not None:
        placement = pitch_record_placement(
            pitch=pitch, url=url, published_on=published_on, kind=kind, title=title, article=article, by=by
        )
    else:
        placement.save()
        if op_ed is not None:
            OpEd.objects.filter(pk=op_ed.pk).update(status=OpEd.Status.PLACED)
    if spokespeople is not None:
        placement.spokespeople.set(spokespeople)
    return placement


PLACEMENT_EDITABLE_FIELDS = ("kind", "title", "url", "published_on", "article", "spokespeople", "outlet")
PLACEMENT_LINKS = ("campaign", "op_ed", "pitch")


@audited
@transaction.atomic
def placement_update(*, placement: Placement, by, changes: dict) -> Placement:
    """Correct what is recorded of a placement. Its campaign, op-ed and pitch never change, nor the
    outlet of a pitch's placement (the outlet it was pitched to)."""
    changes = dict(changes)
    placement = Placement.objects.select_for_update(of=("self",)).select_related("pitch").get(pk=placement.pk)
    for name in PLACEMENT_LINKS:
        if name in changes:
            value = changes.pop(name)
            if getattr(value, "pk", None) != getattr(placement, f"{name}_id"):
                raise ValidationError({name: _("A placement keeps its campaign, op-ed and pitch: record a new one.")})
    unknown = set(changes) - set(PLACEMENT_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"placement_update does not change {sorted(unknown)}")
    outlet = changes.get("outlet")
    if outlet is not None and outlet.pk != placement.outlet_id and placement.pitch_id:
        raise ValidationError({"outlet": _("The pitch went to another outlet.")})
    spokespeople = changes.pop("spokespeople", None)
    for name, value in changes.items():
        setattr(placement, name, value)
    pitch = placement.pitch
    if pitch is not None and pitch.pitched_on and placement.published_on < pitch.pitched_on:
        raise ValidationError({"published_on": _("A piece cannot run before it was pitched.")})
    placement.full_clean()
    placement.save()
    if spokespeople is not None:
        placement.spokespeople.set(spokespeople)
    return placement


@audited
@transaction.atomic
def placement_delete(*, placement: Placement, by) -> None:
    """Remove a placement recorded by mistake (a wrong match of the tracker, say). Its pitch is
    awaiting an answer again, and its op-ed, with no other placement, is back to ready."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    pitch_id, op_ed_id = placement.pitch_id, placement.op_ed_id
    placement.delete()
    if pitch_id is not None:
        Pitch.objects.filter(pk=pitch_id, status=Pitch.Status.PLACED).update(
            status=Pitch.Status.PITCHED, answered_on=None, updated_at=timezone.now()
        )
    if op_ed_id is not None and not Placement.objects.filter(op_ed_id=op_ed_id).exists():
        OpEd.objects.filter(pk=op_ed_id, status=OpEd.Status.PLACED).update(
            status=OpEd.Status.READY, updated_at=timezone.now()
        )


def article_detect_placements(*, article: Article) -> list[Placement]:
    """Record a placement for each open pitch to the article's outlet that the article matches."""
    pitches = (
        Pitch.objects.filter(outlet_id=article.outlet_id, status__in=OPEN_PITCH_STATUSES, placement__isnull=True)
        .select_related("op_ed")
        .prefetch_related("op_ed__authors")
    )
    placements = []
    published_on = timezone.localdate(article.published_at) if article.published_at else timezone.localdate()
    for pitch in pitches:
        if not pitch_matches_article(pitch=pitch, article=article):
            continue
        try:
            with transaction.atomic():
                placement = pitch_record_placement(
                    pitch=pitch, url=article.url, published_on=published_on, title=article.title, article=article
                )
        except ValidationError as exc:
            # Say, an article dated before the pitch: not this pitch's placement.
            logger.info("article %s matches pitch %s but is not its placement: %s", article.pk, pitch.pk, exc)
            continue
        placements.append(placement)
        placement_queue_owner_email(placement=placement)
    return placements


def placement_queue_owner_email(*, placement: Placement) -> bool:
    """Queue the email telling the pitch's owner (or the op-ed's) that the tracker found the placement.

    An outbox row written in the caller's transaction, with a key of its own: queued once,
    sent at least once (see the outbox's promises). False when nobody can be told.
    """
    owner = (placement.pitch.owner if placement.pitch else None) or (placement.op_ed.owner if placement.op_ed else None)
    if owner is None or not address_is_valid(owner.email):
        return False
    with translation.override(owner.language or "en"):
        subject = _("Placed: “%(title)s” ran in %(outlet)s") % {
            "title": placement.op_ed.title if placement.op_ed else placement.title,
            "outlet": placement.outlet.name,
        }
        body = _(
            "The media tracker found the piece you pitched.\n\n"
            "Campaign: %(campaign)s\nOutlet: %(outlet)s\nDate: %(date)s\nTitle: %(title)s\nLink: %(url)s\n\n"
            "The pitch is marked placed."
        ) % {
            "campaign": placement.campaign.name,
            "outlet": placement.outlet.name,
            "date": placement.published_on.isoformat(),
            "title": placement.title,
            "url": placement.url,
        }
    queued = emails_queue(
        [
            EmailDraft(
                kind=OutgoingEmail.Kind.PLACEMENT,
                dedupe_key=f"placement:{placement.pk}:owner",
                recipient=owner.email,
                recipient_name=str(owner),
                language=owner.language or "en",
                subject=subject,
                body_text=body,
                user_id=owner.pk,
            )
        ]
    )
    Placement.objects.filter(pk=placement.pk, owner_notified_at__isnull=True).update(owner_notified_at=timezone.now())
    return bool(queued)
