"""What a partner agreed to receive by email, where that came from, and every change to it.

The preferences themselves are fields of the contact (``Contact.email_invitations`` ...); the rules
of who may change them, and how, are in outreach/services/consent.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.choices import ChoiceLabels


class EmailTopic(models.TextChoices):
    """The kinds of email a partner can opt out of, one by one."""

    INVITATIONS = "invitations", _("Briefing invitations")
    REMINDERS = "reminders", _("Reminders and nudges")
    UPDATES = "updates", _("Campaign updates")


class ConsentSource(models.TextChoices):
    """Where a contact's email preferences come from (their lawful basis, for the record)."""

    PARTNER_FORM = "partner_form", _("The partner (their preferences page or an unsubscribe link)")
    PARTNER_REQUEST = "partner_request", _("The partner asked us (email, call or meeting)")
    EVENT = "event", _("Signed up at an event or briefing")
    RELATIONSHIP = "relationship", _("Existing working relationship")
    IMPORT = "import", _("Imported from a list the partner agreed to")
    PROVIDER = "provider", _("The mail provider (its unsubscribe list)")


# What staff may give as the source of a change they make (the partner and the provider have their own doors).
STAFF_SOURCES = [(value, label) for value, label in ConsentSource.choices if value not in {"partner_form", "provider"}]


class EmailPreferenceChange(ChoiceLabels, models.Model):
    """One change of a contact's email preferences: who, when, from where, why, before and after."""

    contact = models.ForeignKey(
        "outreach.Contact",
        verbose_name=_("contact"),
        on_delete=models.CASCADE,
        related_name="email_preference_changes",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the partner changed them themselves."),
    )
    source = models.CharField(_("source"), max_length=24, choices=ConsentSource)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # {"invitations": true, "reminders": false, "updates": true}
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)

    class Meta:
        verbose_name = _("email preference change")
        verbose_name_plural = _("email preference changes")
        ordering = ["-changed_at", "-pk"]
        indexes = [
            # The contact's email card: its latest changes.
            models.Index(fields=["contact", "-changed_at"], name="email_pref_change_contact_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.contact}: {self.before} -> {self.after}"
