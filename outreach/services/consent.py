"""Partners' email consent: what each contact agreed to receive, who changed it, and which addresses
Parley no longer emails at all.

- **Preferences** are one switch per topic (briefing invitations, reminders and nudges, campaign
  updates). They are the partner's: they change them on a signed page with no account (or with one
  click in their mail client); staff change them only with a recorded reason and source, and never
  turn back on what the partner turned off unless the partner asked.
- **Transactional** emails go out whatever the preferences: the update or cancellation of a briefing
  the contact accepted (or said maybe to) is news about a commitment they made. Staff emails (the
  digest, placements, tests) are not partners' email and have no topic.
- **Suppressions** stop every email to an address, for every campaign, after a hard bounce or a spam
  complaint (outreach/mail/events.py), until a person lifts them with a reason.

Signed links carry the contact's id, a digest of the address they were sent to and the topic of the
email; a link for an address the contact no longer has, or a contact deleted since, changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.audit import audited
from outreach.mail.models import EmailSuppression, OutgoingEmail
from outreach.models import Contact, EmailPreferenceChange, Invitation
from outreach.models.consent import STAFF_SOURCES, ConsentSource, EmailTopic

logger = logging.getLogger(__name__)

LINK_SALT = "parley.outreach.email-preferences.link"
FORM_SALT = "parley.outreach.email-preferences.form"
TOPIC_FIELDS = {
    EmailTopic.INVITATIONS: "email_invitations",
    EmailTopic.REMINDERS: "email_reminders",
    EmailTopic.UPDATES: "email_updates",
}
TOPIC_NAMES = {
    EmailTopic.INVITATIONS: gettext_lazy("briefing invitations"),
    EmailTopic.REMINDERS: gettext_lazy("reminders and nudges"),
    EmailTopic.UPDATES: gettext_lazy("campaign updates"),
}
Kind = OutgoingEmail.Kind
# The topic each partner email belongs to (its "list", for List-Unsubscribe); staff emails have none.
KIND_TOPICS = {
    Kind.INVITATION: EmailTopic.INVITATIONS,
    Kind.UPDATE: EmailTopic.INVITATIONS,
    Kind.CANCELLATION: EmailTopic.INVITATIONS,
    Kind.REMINDER: EmailTopic.REMINDERS,
    Kind.NUDGE: EmailTopic.REMINDERS,
}
COMMITTED = {Invitation.Status.ACCEPTED, Invitation.Status.TENTATIVE}


def email_topic(kind: str) -> str | None:
    """The preference topic of an email kind; None for staff emails (digest, placement, test)."""
    return KIND_TOPICS.get(kind)


def is_transactional(*, kind: str, invitation: Invitation | None) -> bool:
    """An update or cancellation of a briefing the invitee accepted or said maybe to: sent whatever
    their preferences (a hard-bounced address still gets nothing: it cannot)."""
    return (
        kind in {Kind.UPDATE, Kind.CANCELLATION} and invitation is not None and invitation.status in COMMITTED
    )  # fmt: skip


def preferences_of(contact: Contact) -> dict[str, bool]:
    return {topic: getattr(contact, field) for topic, field in TOPIC_FIELDS.items()}


# --- Suppressed addresses -----------------------------------------------------------------


def active_suppressions(addresses: Iterable[str]) -> dict[str, EmailSuppression]:
    """The active suppression of each address that has one, keyed by the address in lower case."""
    lowered = {address.lower() for address in addresses if address}
    if not lowered:
        return {}
    rows = EmailSuppression.objects.annotate(lowered=Lower("address")).filter(
        lowered__in=lowered, lifted_at__isnull=True
    )
    return {row.lowered: row for row in rows}


def suppression_reason_text(suppression: EmailSuppression) -> str:
    return _("address suppressed after a %(reason)s on %(date)s") % {
        "reason": suppression.get_reason_display().lower(),
        "date": date_format(timezone.localtime(suppression.created_at), "DATE_FORMAT"),
    }


def email_blocked_reason(
    *, contact: Contact, kind: str, invitation: Invitation | None = None, suppressions: dict | None = None
) -> str | None:
    """Why this contact must not get this email (suppressed address, opted out), or None.

    ``suppressions`` is active_suppressions() of a batch, to look them up once.
    """
    if suppressions is None:
        suppressions = active_suppressions([contact.email])
    suppression = suppressions.get((contact.email or "").lower())
    if suppression is not None:
        return suppression_reason_text(suppression)
    topic = email_topic(kind)
    if topic is None or is_transactional(kind=kind, invitation=invitation):
        return None
    if not getattr(contact, TOPIC_FIELDS[topic]):
        return _("opted out of %(topic)s") % {"topic": TOPIC_NAMES[topic]}
    return None


@transaction.atomic
def suppression_add(
    *, address: str, reason: str, detail: str = "", provider: str = "", event=None, now: dt.datetime | None = None
) -> tuple[EmailSuppression, bool]:
    """Stop emailing ``address`` (a hard bounce or a complaint); (suppression, whether it is new).

    The provider's event is the cause, so no user: ``by`` is the provider. An address already
    suppressed keeps its first suppression.
    """
    existing = active_suppressions([address]).get(address.lower())
    if existing is not None:
        return existing, False
    suppression = EmailSuppression.objects.create(
        address=address,
        reason=reason,
        detail=detail[:1000],
        provider=provider,
        event=event,
        created_at=now or timezone.now(),
    )
    logger.warning("email to %s is suppressed for every campaign: %s (%s)", address, reason, provider or "parley")
    return suppression, True


@audited
@transaction.atomic
def suppression_lift(
    *, suppression: EmailSuppression, by, reason: str, now: dt.datetime | None = None
) -> EmailSuppression:
    """A person lifts a suppression (the partner fixed their mailbox, the complaint was a mistake)."""
    reason = " ".join((reason or "").split())
    suppression = EmailSuppression.objects.select_for_update().get(pk=suppression.pk)
    if suppression.lifted_at is not None:
        raise ValidationError(_("This suppression was already lifted."))
    if not reason:
        raise ValidationError(
            {"reason": _("Say why this address can be emailed again (for example: the partner fixed their mailbox).")}
        )
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep the reason under 300 characters.")})
    suppression.lifted_at = now or timezone.now()
    suppression.lifted_by = by
    suppression.lift_reason = reason
    suppression.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    logger.info("suppression of %s lifted by %s: %s", suppression.address, by, reason)
    return suppression


# --- Changing preferences ------------------------------------------------------------------


def _write(
    *, contact: Contact, after: dict[str, bool], source: str, by, reason: str, now: dt.datetime
) -> tuple[Contact, bool]:
    """Store new preferences and their record; the caller holds the contact's row lock. (contact, changed)"""
    before = preferences_of(contact)
    after = {topic: bool(after.get(topic, before[topic])) for topic in TOPIC_FIELDS}
    if after == before:
        return contact, False
    for topic, field in TOPIC_FIELDS.items():
        setattr(contact, field, after[topic])
    contact.email_consent_source = source
    contact.email_consent_at = now
    contact.email_consent_by = by
    contact.save(
        update_fields=[
            *TOPIC_FIELDS.values(),
            "email_consent_source",
            "email_consent_at",
            "email_consent_by",
            "updated_at",
        ]
    )
    EmailPreferenceChange.objects.create(
        contact=contact, changed_at=now, by=by, source=source, reason=reason, before=before, after=after
    )
    return contact, True


def _locked(contact: Contact) -> Contact:
    return Contact.objects.select_for_update().get(pk=contact.pk)


PARTNER_SOURCES = {ConsentSource.PARTNER_FORM, ConsentSource.PROVIDER}


@audited
@transaction.atomic
def contact_email_preferences_set(
    *,
    contact: Contact,
    by,
    invitations: bool,
    reminders: bool,
    updates: bool,
    source: str,
    reason: str,
    now: dt.datetime | None = None,
) -> Contact:
    """Staff change a contact's email preferences: only with a reason and a source, and what the
    partner turned off themselves comes back on only when the partner asked for it."""
    now = now or timezone.now()
    reason = " ".join((reason or "").split())
    if source not in dict(STAFF_SOURCES):
        raise ValidationError({"source": _("Choose where this change comes from.")})
    if not reason:
        raise ValidationError({"reason": _("Give the reason for this change: the preferences are the partner's.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep the reason under 300 characters.")})
    contact = _locked(contact)
    wanted = {EmailTopic.INVITATIONS: invitations, EmailTopic.REMINDERS: reminders, EmailTopic.UPDATES: updates}
    current = preferences_of(contact)
    turned_on = [topic for topic, value in wanted.items() if value and not current[topic]]
    if turned_on and source != ConsentSource.PARTNER_REQUEST and _partner_turned_off(contact, turned_on):
        raise ValidationError(
            {
                "source": _(
                    "The partner turned this off themselves: it comes back on only when they ask. "
                    "Choose “The partner asked us” and say how in the reason."
                )
            }
        )
    contact, _changed = _write(contact=contact, after=wanted, source=source, by=by, reason=reason, now=now)
    return contact


def _partner_turned_off(contact: Contact, topics: list[str]) -> bool:
    """Whether the latest change that turned off any of ``topics`` was the partner's (or their mail client's)."""
    for topic in topics:
        for change in contact.email_preference_changes.order_by("-changed_at", "-pk"):
            if change.before.get(topic) and not change.after.get(topic, True):
                if change.source in PARTNER_SOURCES:
                    return True
                break
    return False


@audited
@transaction.atomic
def contact_email_opt_out(
    *, contact: Contact, topics: Iterable[str] | None = None, source: str, by=None, reason: str = "", now=None
) -> bool:
    """Turn off ``topics`` (all when None) for the contact: the partner's one-click unsubscribe, a
    "mailto" unsubscribe or the provider's unsubscribe event. True when something changed."""
    contact = _locked(contact)
    topics = list(TOPIC_FIELDS) if topics is None else list(topics)
    after = {**preferences_of(contact), **dict.fromkeys(topics, False)}
    _contact, changed = _write(
        contact=contact, after=after, source=source, by=by, reason=reason, now=now or timezone.now()
    )
    return changed


# --- Signed links and the partner's own page ---------------------------------------------------


class PreferencesLinkError(Exception):
    """Why a preferences link or form cannot be used: invalid (tampered), unknown (no such contact
    or address any more) or stale (a form already submitted, replayed)."""

    def __init__(self, code: str, contact: Contact | None = None):
        super().__init__(code)
        self.code = code
        self.contact = contact


def _address_digest(address: str) -> str:
    return hashlib.sha256((address or "").strip().lower().encode()).hexdigest()[:16]


def preferences_token(*, contact: Contact, topic: str = "") -> str:
    return signing.dumps({"c": contact.pk, "a": _address_digest(contact.email), "t": topic or ""}, salt=LINK_SALT)


def preferences_url(*, contact: Contact, topic: str = "") -> str:
    return settings.SITE_URL + reverse("email:preferences", args=[preferences_token(contact=contact, topic=topic)])


def unsubscribe_url(*, contact: Contact, topic: str = "") -> str:
    return settings.SITE_URL + reverse("email:unsubscribe", args=[preferences_token(contact=contact, topic=topic)])


def preferences_read(*, token: str) -> tuple[Contact, str]:
    """The contact and topic of a link, or PreferencesLinkError (logged)."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
        contact_id, digest, topic = int(data["c"]), str(data["a"]), str(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        logger.warning("email preferences: a tampered or malformed link was refused")
        raise PreferencesLinkError("invalid") from None
    if topic and topic not in TOPIC_FIELDS:
        raise PreferencesLinkError("invalid")
    contact = Contact.objects.filter(pk=contact_id).first()
    if contact is None or not contact.email or _address_digest(contact.email) != digest:
        logger.warning(
            "email preferences: a link for an address Parley no longer has (contact %s) was ignored", contact_id
        )
        raise PreferencesLinkError("unknown")
    return contact, topic


def _state(contact: Contact) -> str:
    bits = "".join("1" if value else "0" for value in preferences_of(contact).values())
    return f"{bits}|{contact.email_consent_at.isoformat() if contact.email_consent_at else ''}"


def preferences_form_token(*, contact: Contact) -> str:
    """Signs the preferences the page shows: a form submitted once no longer matches them."""
    return signing.dumps({"c": contact.pk, "s": _state(contact)}, salt=FORM_SALT)


@transaction.atomic
def preferences_record_by_partner(
    *, token: str, form_token: str, choices: dict[str, bool], now: dt.datetime | None = None
) -> tuple[Contact, bool]:
    """The partner's choices from their preferences page; PreferencesLinkError changes nothing."""
    contact, _topic = preferences_read(token=token)
    try:
        form = signing.loads(form_token, salt=FORM_SALT)
    except signing.BadSignature:
        logger.warning("email preferences: a tampered form was refused (contact %s)", contact.pk)
        raise PreferencesLinkError("invalid", contact) from None
    contact = _locked(contact)
    if form.get("c") != contact.pk:
        raise PreferencesLinkError("invalid", contact)
    if form.get("s") != _state(contact):
        logger.info(
            "email preferences: a form already used was submitted again (contact %s); nothing changed", contact.pk
        )
        raise PreferencesLinkError("stale", contact)
    return _write(
        contact=contact,
        after={topic: bool(choices.get(topic)) for topic in TOPIC_FIELDS},
        source=ConsentSource.PARTNER_FORM,
        by=None,
        reason=_("Changed by the partner on their email preferences page."),
        now=now or timezone.now(),
    )


@transaction.atomic
def unsubscribe_one_click(*, token: str, now: dt.datetime | None = None) -> tuple[Contact, bool]:
    """RFC 8058 one-click unsubscribe from the email's topic (every topic for a link without one)."""
    contact, topic = preferences_read(token=token)
    changed = contact_email_opt_out(
        contact=contact,
        topics=[topic] if topic else None,
        source=ConsentSource.PARTNER_FORM,
        reason=_("One-click unsubscribe from the partner's mail client."),
        now=now,
    )
    contact.refresh_from_db()
    return contact, changed
