"""Who is acting: the audit trail records the user each service was called ``by``.

Every service that takes ``by`` is wrapped in ``audited``: while it runs, the rows it creates,
changes and deletes are recorded by django-auditlog with that user as the actor, whichever door
(page, API, admin, task) called it. ``tests/test_audit.py`` checks that no such service is left
unwrapped. Nested services keep the outermost caller's user unless they name another.

Which campaign and which contact an entry belongs to (so the campaign's page and the contact's
page can show it) is read from the row with the attribute paths below; this module imports no
model, so every layer can use it.
"""

from __future__ import annotations

import contextlib
import functools
from contextvars import ContextVar

_actor: ContextVar = ContextVar("parley_audit_actor", default=None)

# model label -> (path to the campaign id, path to the contact id); None: not tied to one.
SCOPES: dict[str, tuple[str | None, str | None]] = {
    "campaigns.campaign": ("pk", None),
    "campaigns.objective": ("campaign_id", None),
    "campaigns.membership": ("campaign_id", None),
    "outreach.contact": (None, "pk"),
    "outreach.interaction": ("campaign_id", "contact_id"),
    "outreach.briefing": ("campaign_id", None),
    "outreach.invitation": ("briefing.campaign_id", "contact_id"),
    "outreach.oped": ("campaign_id", None),
    "outreach.pitch": ("op_ed.campaign_id", "editor_id"),
    "media_tracker.placement": ("campaign_id", None),
    "media_tracker.trackedterm": ("campaign_id", None),
}


def current_actor():
    """The user the running service was called ``by`` (None: the system, or no service)."""
    return _actor.get()


@contextlib.contextmanager
def acting(user):
    """Record changes made inside the block as made by ``user`` (an anonymous user counts as none)."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    token = _actor.set(user or _actor.get())
    try:
        yield
    finally:
        _actor.reset(token)


def audited(service):
    """Run ``service`` with its ``by`` argument as the acting user of the audit trail."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        with acting(kwargs.get("by")):
            return service(*args, **kwargs)

    wrapper.audited = True
    return wrapper


def _follow(instance, path: str | None):
    if path is None:
        return None
    value = instance
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def scope_of(instance) -> tuple[int | None, int | None]:
    """(campaign id, contact id) of a row, for the audit trail's campaign and contact pages."""
    campaign_path, contact_path = SCOPES.get(instance._meta.label_lower, (None, None))
    return _follow(instance, campaign_path), _follow(instance, contact_path)
