"""Organisations, contacts, and the outreach done with them: interactions, briefings and
their invitations, op-eds and their pitches; the email outbox and the daily-job claims."""

from outreach.mail.models import DeliveryEvent, EmailSuppression, OutgoingEmail, WebhookReceipt
from outreach.models.briefings import Briefing, Invitation
from outreach.models.consent import ConsentSource, EmailPreferenceChange, EmailTopic
from outreach.models.directory import Contact, Organisation, Tag, validate_language_list
from outreach.models.interactions import Interaction
from outreach.models.jobs import DailyRun, Lease
from outreach.models.opeds import OpEd, Pitch

__all__ = [
    "Briefing",
    "ConsentSource",
    "Contact",
    "DailyRun",
    "DeliveryEvent",
    "EmailPreferenceChange",
    "EmailSuppression",
    "EmailTopic",
    "Interaction",
    "Invitation",
    "Lease",
    "OpEd",
    "Organisation",
    "OutgoingEmail",
    "Pitch",
    "Tag",
    "WebhookReceipt",
    "validate_language_list",
]
