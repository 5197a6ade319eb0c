"""What callers hand to the outbox: a draft of one email, and the checks every address and header passes."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email


def one_line(value: str, *, limit: int = 300) -> str:
    """Collapse every run of whitespace (CR and LF included) to one space: no header injection."""
    return " ".join(str(value).split())[:limit]


def address_is_valid(address: str) -> bool:
    if not address or address != address.strip() or any(ch in address for ch in '\r\n,;<>"'):
        return False
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


@dataclass(frozen=True)
class EmailDraft:
    kind: str
    dedupe_key: str
    recipient: str
    # Empty for briefing emails: they are rendered when sent (see email_send), so pressing
    # Send only writes rows, and the calendar entry carries the briefing as it is then.
    subject: str = ""
    body_text: str = ""
    body_html: str = ""
    recipient_name: str = ""
    language: str = "en"
    attachments: tuple[dict, ...] = ()
    invitation_id: int | None = None
    user_id: int | None = None
    # The coordinator's personal note (invitations), kept on the row and rendered with it.
    note: str = ""
    # Where replies go ("Name <address>"); EMAIL_REPLY_TO overrides it when sent.
    reply_to: str = ""
