"""Signed RSVP links: a partner answers a briefing invitation without an account.

A link carries the invitation's public id and an answer, signed with SECRET_KEY and a salt
of its own. It works until the briefing ends (the briefing's current end, so a moved
briefing keeps its links valid). The page a link opens asks for a confirmation (mail
scanners fetch links, so opening one changes nothing); the form carries the answer state it
was shown with, so a form that was already submitted, replayed, cannot change anything.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Briefing, Invitation

LINK_SALT = "parley.outreach.rsvp.link"
FORM_SALT = "parley.outreach.rsvp.form"
ANSWERS = {
    "accept": Invitation.Status.ACCEPTED,
    "decline": Invitation.Status.DECLINED,
    "maybe": Invitation.Status.TENTATIVE,
}


class RsvpError(Exception):
    """Why a link or form cannot be used: invalid, expired, cancelled or stale."""

    def __init__(self, code: str, invitation: Invitation | None = None):
        super().__init__(code)
        self.code = code
        self.invitation = invitation


def rsvp_token(*, invitation: Invitation, answer: str) -> str:
    if answer not in ANSWERS:
        raise ValueError(f"unknown answer {answer!r}")
    return signing.dumps({"i": invitation.public_id.hex, "a": answer}, salt=LINK_SALT)


def rsvp_url(*, invitation: Invitation, answer: str) -> str:
    return settings.SITE_URL + reverse("rsvp:answer", args=[rsvp_token(invitation=invitation, answer=answer)])


def rsvp_read(*, token: str, now: dt.datetime | None = None) -> tuple[Invitation, str]:
    """The invitation and answer of a link, or RsvpError."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
        public_id, answer = data["i"], data["a"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise RsvpError("invalid") from None
    if answer not in ANSWERS:
        raise RsvpError("invalid")
    invitation = (
        Invitation.objects.select_related("briefing", "contact").filter(public_id=public_id).first()
    )  # fmt: skip
    if invitation is None:
        raise RsvpError("invalid")
    _check_open(invitation, now)
    return invitation, answer


# --- The rule of an answer, whoever records it (the partner here, staff in invitations.py) ---

ANSWER_CLOSED = {"cancelled": _("This briefing is cancelled."), "expired": _("This briefing is over.")}


def invitation_answer_closed(*, invitation: Invitation, now: dt.datetime | None = None) -> str | None:
    """Why the invitation can no longer be answered ("cancelled", "expired"; see ANSWER_CLOSED), or None."""
    now = now or timezone.now()
    if invitation.briefing.status == Briefing.Status.CANCELLED:
        return "cancelled"
    if now >= invitation.briefing.ends_at:
        return "expired"
    return None


def invitation_answer_write(*, invitation: Invitation, status: str, now: dt.datetime) -> None:
    """Store the answer and when it was given (no time for "no answer"); the caller holds the row lock."""
    invitation.status = status
    invitation.answered_at = None if status == Invitation.Status.INVITED else now
    invitation.save(update_fields=["status", "answered_at", "updated_at"])


def _check_open(invitation: Invitation, now: dt.datetime | None) -> None:
    code = invitation_answer_closed(invitation=invitation, now=now)
    if code:
        raise RsvpError(code, invitation)


def _state(invitation: Invitation) -> str:
    return f"{invitation.status}|{invitation.answered_at.isoformat() if invitation.answered_at else ''}"


def rsvp_form_token(*, invitation: Invitation) -> str:
    """Signs the answer state the page shows; a form submitted once no longer matches it."""
    return signing.dumps({"i": invitation.public_id.hex, "s": _state(invitation)}, salt=FORM_SALT)


@transaction.atomic
def rsvp_record(*, token: str, answer: str, form_token: str, now: dt.datetime | None = None) -> Invitation:
    """Record the partner's answer from the RSVP page; RsvpError changes nothing."""
    invitation, _link_answer = rsvp_read(token=token, now=now)
    if answer not in ANSWERS:
        raise RsvpError("invalid", invitation)
    try:
        form = signing.loads(form_token, salt=FORM_SALT)
    except signing.BadSignature:
        raise RsvpError("invalid", invitation) from None
    invitation = Invitation.objects.select_for_update().select_related("briefing", "contact").get(pk=invitation.pk)
    if form.get("i") != invitation.public_id.hex:
        raise RsvpError("invalid", invitation)
    _check_open(invitation, now)
    if form.get("s") != _state(invitation):
        raise RsvpError("stale", invitation)
    invitation_answer_write(invitation=invitation, status=ANSWERS[answer], now=now or timezone.now())
    return invitation
