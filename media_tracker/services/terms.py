"""Tracked terms: those staff choose, those derived from campaign data, and the matcher over all."""

from __future__ import annotations

import logging
import threading
import unicodedata

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from campaigns.permissions import can_edit
from config.audit import audited
from config.languages import CONTENT_LANGUAGE_CODES
from media_tracker import inflection
from media_tracker.folding import fold_word
from media_tracker.matching import EXACT_KINDS, PROPER_KINDS, Matcher, Term, script_language
from media_tracker.models import TrackedTerm
from outreach.models import Contact, OpEd, Organisation

logger = logging.getLogger(__name__)

_cache_lock = threading.Lock()
_cached: tuple[tuple, Matcher] | None = None
MAX_FORMS = 30
MAX_EXCLUSIONS = 30
EDITABLE = ("term", "kind", "language", "exact", "forms", "exclusions", "is_active")


def _active_terms():
    """Active terms of active or monitored campaigns."""
    return TrackedTerm.objects.filter(
        is_active=True,
        campaign__status__in=[
            Campaign.Status.ACTIVE,
            Campaign.Status.MONITORING,
        ],
    )


def matcher_term(row: TrackedTerm) -> Term:
    """The matcher's view of a tracked term."""
    forms = tuple(
        (form.get("language", ""), form["text"])
        for form in row.forms or ()
        if isinstance(form, dict) and isinstance(form.get("text"), str) and form["text"].strip()
    )
    exclusions = tuple(text for text in row.exclusions or () if isinstance(text, str) and text.strip())
    return Term(
        id=row.pk,
        campaign_id=row.campaign_id,
        text=row.term,
        language=row.language,
        kind=row.kind,
        exact=row.exact,
        forms=forms,
        exclusions=exclusions,
    )


def current_matcher() -> Matcher:
    """The matcher over every active term, rebuilt only when the terms changed."""
    global _cached
    # Count, latest edit and id sum change whenever a term is added, edited, removed or its
    # campaign starts or stops running: one cheap aggregate instead of reloading every term.
    key = tuple(_active_terms().aggregate(n=Count("id"), latest=Max("updated_at"), ids=Sum("id")).values())
    with _cache_lock:
        if _cached is not None and _cached[0] == key:
            return _cached[1]
    rows = _active_terms().only("id", "campaign_id", "term", "language", "kind", "exact", "forms", "exclusions")
    matcher = Matcher(matcher_term(row) for row in rows)
    with _cache_lock:
        _cached = (key, matcher)
    return matcher


# --- Rules for what staff type ------------------------------------------------------------


def _scripts(word: str) -> set[str]:
    scripts = set()
    for ch in word:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            scripts.add(name.split(" ", 1)[0] if name else "?")
    return scripts


def text_problems(text: str, *, language: str, kind: str, exact: bool, alone: bool = True) -> list[str]:
    """Why ``text`` cannot be tracked (empty when it can).

    - no letters or digits, or a single one: refused (it would match everywhere or nothing);
    - a word mixing scripts ("Мinsk" with a Cyrillic М): refused, it can never match real text;
    - a single word that is one of the most common words of a language: refused;
    - a single word (inflected) that reduces to a common word ("Readings" -> "read"): refused
      unless the term is exact-only.
    """
    folded = fold_word(text)
    letters = sum(ch.isalnum() for ch in folded)
    if letters == 0:
        return [_("“%(text)s” has no letters or digits; a term needs at least two.") % {"text": text}]
    if letters < 2:
        return [_("“%(text)s” is a single letter or digit; a term needs at least two.") % {"text": text}]
    problems = []
    for word in text.replace("-", " ").split():
        if len(_scripts(word)) > 1:
            problems.append(
                _("“%(word)s” mixes letters of different scripts (say, Latin and Cyrillic); retype it in one script.")
                % {"word": word}
            )
    words = folded.split()
    if alone and len(words) == 1 and kind not in PROPER_KINDS:
        word = words[0]
        if inflection.is_common(word, language or None):
            problems.append(
                _("“%(text)s” is too common a word to track; it would match nearly every article.") % {"text": text}
            )
        elif not exact and kind not in EXACT_KINDS and (stem := inflection.stem_is_common(word, language)):
            problems.append(
                _(
                    "“%(text)s” reduces to “%(stem)s”, a common word, so it would match unrelated articles. "
                    "Tick “exact only” to match it only as written."
                )
                % {"text": text, "stem": stem}
            )
    return problems


def _clean_forms(forms, *, kind: str, exact: bool) -> tuple[list[dict], list[str]]:
    cleaned, problems, seen = [], [], set()
    if not isinstance(forms, list | tuple):
        return [], [_("Forms must be a list of {language, text}.")]
    for form in forms:
        if not isinstance(form, dict) or not isinstance(form.get("text"), str) or set(form) - {"language", "text"}:
            problems.append(_("Each form needs a text and, optionally, a language."))
            continue
        text = " ".join(form["text"].split())
        language = form.get("language") or ""
        if language and language not in CONTENT_LANGUAGE_CODES:
            problems.append(_("“%(code)s” is not a language Parley knows.") % {"code": language})
            continue
        problems += text_problems(text, language=language, kind=kind, exact=exact)
        if (language, fold_word(text)) not in seen:
            seen.add((language, fold_word(text)))
            cleaned.append({"language": language, "text": text[:300]})
    if len(cleaned) > MAX_FORMS:
        problems.append(_("Keep to %(count)d forms.") % {"count": MAX_FORMS})
    return cleaned, problems


def _clean_exclusions(exclusions, term: Term) -> tuple[list[str], list[str]]:
    if not isinstance(exclusions, list | tuple) or any(not isinstance(item, str) for item in exclusions):
        return [], [_("Exclusion phrases must be a list of texts.")]
    cleaned, problems = [], []
    plain = Term(id=term.id, campaign_id=term.campaign_id, text=term.text, language=term.language,
                 kind=term.kind, exact=term.exact, forms=term.forms)  # fmt: skip
    matcher = Matcher([plain])
    languages = {term.language} | {language for language, _text in term.forms}
    for text in exclusions:
        text = " ".join(text.split())
        if not text:
            continue
        problems += text_problems(text, language="", kind=term.kind, exact=True, alone=False)
        if not any(matcher.find(text, language=language) for language in languages | {script_language(text)}):
            message = _("The exclusion phrase “%(text)s” does not contain the term, so it would exclude nothing.")
            problems.append(message % {"text": text})
        elif text not in cleaned:
            cleaned.append(text[:300])
    if len(cleaned) > MAX_EXCLUSIONS:
        problems.append(_("Keep to %(count)d exclusion phrases.") % {"count": MAX_EXCLUSIONS})
    return cleaned, problems


def _validated(obj: TrackedTerm) -> None:
    """Apply the rules to ``obj`` (normalising its forms and exclusions) or raise them by field."""
    errors: dict[str, list[str]] = {}
    obj.term = " ".join((obj.term or "").split())[:300]
    if obj.language and obj.language not in CONTENT_LANGUAGE_CODES:
        errors["language"] = [_("“%(code)s” is not a language Parley knows.") % {"code": obj.language}]
    if obj.term and (problems := text_problems(obj.term, language=obj.language, kind=obj.kind, exact=obj.exact)):
        errors["term"] = problems
    obj.forms, problems = _clean_forms(obj.forms or [], kind=obj.kind, exact=obj.exact)
    if problems:
        errors["forms"] = problems
    if not errors:
        obj.exclusions, problems = _clean_exclusions(obj.exclusions or [], matcher_term(obj))
        if problems:
            errors["exclusions"] = problems
    if errors:
        raise ValidationError(errors)
    obj.full_clean()


def _require_staff(by, campaign) -> None:
    if by is not None and not can_edit(user=by, campaign=campaign):
        raise ValidationError(_("Your role in this campaign does not allow this change."))


@audited
@transaction.atomic
def tracked_term_create(
    *,
    campaign: Campaign,
    term: str,
    by,
    kind: str = TrackedTerm.Kind.KEYWORD,
    language: str = "",
    exact: bool = False,
    forms: list | None = None,
    exclusions: list | None = None,
    is_active: bool = True,
) -> TrackedTerm:
    """Track a term chosen by staff, with its forms in other languages and its exclusion phrases."""
    _require_staff(by, campaign)
    obj = TrackedTerm(
        campaign=campaign,
        term=term,
        kind=kind,
        source=TrackedTerm.Source.MANUAL,
        language=language or "",
        exact=exact,
        forms=list(forms or []),
        exclusions=list(exclusions or []),
        is_active=is_active,
    )
    _validated(obj)
    obj.save()
    return obj


@audited
@transaction.atomic
def tracked_term_update(*, tracked_term: TrackedTerm, by, **changes) -> TrackedTerm:
    """Change a term (its text, language, forms, exclusions, exact-only, active). Derived terms
    keep their text: it comes from the campaign's data."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    obj = TrackedTerm.objects.select_for_update().get(pk=tracked_term.pk)
    _require_staff(by, obj.campaign_id)
    if obj.source == TrackedTerm.Source.DERIVED and "term" in changes and changes["term"] != obj.term:
        raise ValidationError({"term": [_("This term comes from the campaign's data; change it there.")]})
    for name, value in changes.items():
        setattr(obj, name, value if value is not None else ([] if name in ("forms", "exclusions") else value))
    _validated(obj)
    obj.save()
    return obj


# --- Terms derived from the campaign's data ----------------------------------------------


def _derived_for(campaign: Campaign) -> dict[str, tuple[str, str, str, list[dict]]]:
    """lower-case term -> (term, kind, language, forms) for the campaign's people, partners and op-eds."""
    wanted: dict[str, tuple[str, str, str, list[dict]]] = {}

    def add(text: str, kind: str, language: str = "", forms: list[dict] | None = None) -> None:
        text = " ".join(text.split())
        if text and sum(ch.isalnum() for ch in text) >= 2:
            wanted.setdefault(text.lower(), (text[:300], kind, language, forms or []))

    people = Contact.objects.filter(
        Q(briefings_spoken__campaign=campaign) | Q(op_eds__campaign=campaign) | Q(placements__campaign=campaign)
    ).distinct()
    for name, variants in people.values_list("full_name", "name_variants"):
        # A transliteration in Cyrillic or Arabic declines (or takes proclitics) like a name of that language.
        forms = [{"language": script_language(v), "text": " ".join(v.split())} for v in variants or [] if v.strip()]
        add(name, TrackedTerm.Kind.PERSON, "", forms)
    partners = Organisation.objects.filter(is_partner=True).filter(
        Q(interactions__campaign=campaign)
        | Q(contacts__invitations__campaign=campaign)
        | Q(contacts__briefings_spoken__campaign=campaign)
        | Q(contacts__op_eds__campaign=campaign)
    )
    for name in partners.distinct().values_list("name", flat=True):
        add(name, TrackedTerm.Kind.ORGANISATION)
    op_eds = (
        OpEd.objects.filter(campaign=campaign, version_of__isnull=True)
        .exclude(status=OpEd.Status.DROPPED)
        .prefetch_related("language_versions")
    )
    for op_ed in op_eds:
        # One term per piece: the titles of its language versions are its forms.
        forms = [{"language": v.language, "text": v.title} for v in op_ed.language_versions.all() if v.title.strip()]
        add(op_ed.title, TrackedTerm.Kind.OPED_TITLE, op_ed.language, forms)
    return wanted


def _merged_forms(existing: list, computed: list[dict]) -> list[dict]:
    merged = [form for form in existing or [] if isinstance(form, dict)]
    keys = {(form.get("language", ""), fold_word(form.get("text", ""))) for form in merged}
    for form in computed:
        key = (form["language"], fold_word(form["text"]))
        if key not in keys:
            keys.add(key)
            merged.append(form)
    return merged


def terms_refresh_derived(*, campaign: Campaign) -> tuple[int, int]:
    """Add terms for new people, partners and op-eds; retire derived terms that no longer apply.

    Terms that exist already (chosen by staff, or derived and switched off by staff) keep their
    text and settings; derived ones gain new transliterations and language versions as forms.
    Returns (added, retired).
    """
    wanted = _derived_for(campaign)
    existing = {term.term.lower(): term for term in campaign.tracked_terms.all()}
    added = 0
    for key, (text, kind, language, forms) in wanted.items():
        current = existing.get(key)
        if current is not None:
            if current.source == TrackedTerm.Source.DERIVED:
                merged = _merged_forms(current.forms, forms)
                if merged != current.forms or (language and not current.language):
                    current.forms, current.language = merged, current.language or language
                    current.updated_at = timezone.now()
                    current.save(update_fields=["forms", "language", "updated_at"])
            continue
        try:
            with transaction.atomic():
                TrackedTerm.objects.create(
                    campaign=campaign,
                    term=text,
                    kind=kind,
                    language=language,
                    forms=forms,
                    source=TrackedTerm.Source.DERIVED,
                )
            added += 1
        except IntegrityError:
            logger.info("derived term %r already tracked by campaign %s", text, campaign.pk)
    stale = [
        term.pk for key, term in existing.items() if term.source == TrackedTerm.Source.DERIVED and key not in wanted
    ]
    retired = 0
    if stale:
        # Terms that matched articles stay (switched off) so old mentions keep their terms.
        used = TrackedTerm.objects.filter(pk__in=stale, mentions__isnull=False).values("pk")
        retired += TrackedTerm.objects.filter(pk__in=stale).exclude(pk__in=used).delete()[0]
        retired += TrackedTerm.objects.filter(pk__in=stale, is_active=True).update(
            is_active=False, updated_at=timezone.now()
        )
    return added, retired


def terms_refresh_all_derived() -> tuple[int, int]:
    """terms_refresh_derived for every running campaign."""
    added = retired = 0
    for campaign in Campaign.objects.running():
        a, r = terms_refresh_derived(campaign=campaign)
        added, retired = added + a, retired + r
    return added, retired
