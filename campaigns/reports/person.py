"""Everything Parley holds about a person, as one document (a person's request for their data).

It spans the address book, every campaign's outreach, the outbox, the press mentions and the audit
trail, so it sits with the reports, above every app.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.audit import audit_event
from campaigns.models import AuditEntry
from config.audit import audited
from media_tracker.models import Mention, TrackedTerm
from outreach.models import Contact, Interaction, Invitation, OpEd, OutgoingEmail, Pitch
from outreach.services.rights import require_person_right


def _when(value):
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


@audited
def contact_export(*, contact: Contact, by) -> dict:
    """The person's record, outreach, invitations, emails, op-eds, pitches, placements, mentions and
    audit trail, JSON-ready. For an administrator or a coordinator of every campaign they appear in."""
    require_person_right(by=by, contact=contact)
    contact = Contact.objects.select_related("organisation").get(pk=contact.pk)
    fields = ("id", "full_name", "pseudonym", "title", "email", "phone", "address", "notes", "languages")
    person = {name: _when(getattr(contact, name)) for name in fields} | {
        "country": contact.country.code if contact.country else "",
        "preferred_language": contact.preferred_language,
        "organisation": str(contact.organisation) if contact.organisation else "",
        "tags": sorted(tag.name for tag in contact.tags.all()),
        "protected": contact.protected,
        "archived_at": _when(contact.archived_at),
        "created_at": _when(contact.created_at),
        "updated_at": _when(contact.updated_at),
    }
    to_them = Q(invitation__contact=contact) | (Q(recipient__iexact=contact.email) if contact.email else Q(pk__in=[]))
    terms = TrackedTerm.objects.filter(kind=TrackedTerm.Kind.PERSON, term__iexact=contact.full_name)
    document = {
        "exported_at": timezone.now().isoformat(),
        "person": person,
        "interactions": [
            {
                "campaign": str(i.campaign),
                "channel": i.channel,
                "occurred_at": _when(i.occurred_at),
                "summary": i.summary,
                "next_step": i.next_step,
                "follow_up_on": _when(i.follow_up_on),
                "logged_by": str(i.logged_by or ""),
            }
            for i in Interaction.objects.filter(contact=contact).select_related("campaign", "logged_by")
        ],
        "invitations": [
            {
                "briefing": str(inv.briefing),
                "campaign": str(inv.briefing.campaign),
                "starts_at": _when(inv.briefing.starts_at),
                "answer": inv.status,
                "attended": inv.attended,
                "sent_at": _when(inv.sent_at),
                "answered_at": _when(inv.answered_at),
            }
            for inv in Invitation.objects.filter(contact=contact).select_related("briefing__campaign")
        ],
        "emails": [
            {"kind": e.kind, "to": e.recipient, "subject": e.subject, "status": e.status, "sent_at": _when(e.sent_at)}
            for e in OutgoingEmail.objects.filter(to_them).distinct().order_by("created_at")
        ],
        "op_eds": [{"title": o.title, "campaign": str(o.campaign)} for o in OpEd.objects.filter(authors=contact)],
        "pitches_as_editor": [
            {"op_ed": p.op_ed.title, "outlet": str(p.outlet), "status": p.status, "pitched_on": _when(p.pitched_on)}
            for p in Pitch.objects.filter(editor=contact).select_related("op_ed", "outlet")
        ],
        "briefings_spoken": [str(briefing) for briefing in contact.briefings_spoken.all()],
        "placements": [
            {"title": str(p), "url": p.url, "published_on": _when(p.published_on)} for p in contact.placements.all()
        ],
        "mentions": [
            {
                "article": m.article.title,
                "url": m.article.url,
                "outlet": str(m.article.outlet),
                "campaign": str(m.campaign),
            }
            for m in Mention.objects.filter(terms__in=terms).select_related("article__outlet", "campaign").distinct()
        ],
        "audit_trail": [
            {
                "when": _when(e.timestamp),
                "event": e.event,
                "by": e.actor_label,
                "what": e.object_repr,
                "changes": e.changes,
            }
            for e in AuditEntry.objects.for_contact(contact.pk).order_by("timestamp", "id")
        ],
    }
    label = _("Everything about %(name)s") % {"name": contact.display_name}
    audit_event(event=AuditEntry.Event.EXPORTED, by=by, obj=contact, label=label)
    return document
