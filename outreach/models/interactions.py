"""The outreach log: calls, emails and meetings, with next steps and follow-up dates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, TimeStampedModel
from outreach.models.directory import Contact, Organisation


class InteractionQuerySet(models.QuerySet):
    def open_follow_ups(self) -> InteractionQuerySet:
        """Interactions with a follow-up date that are not done."""
        return self.filter(follow_up_on__isnull=False, done=False)

    def due_by(self, day) -> InteractionQuerySet:
        """Open follow-ups due on or before ``day``."""
        return self.open_follow_ups().filter(follow_up_on__lte=day)


class Interaction(TimeStampedModel):
    """One entry of the outreach log: a call, an email, a meeting..."""

    class Channel(models.TextChoices):
        CALL = "call", _("Call")
        EMAIL = "email", _("Email")
        MEETING = "meeting", _("Meeting")
        MESSAGE = "message", _("Message")
        VIDEO = "video", _("Video call")
        EVENT = "event", _("Event")
        OTHER = "other", _("Other")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="interactions"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interactions",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interactions",
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel, default=Channel.CALL)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    summary = models.TextField(_("what happened"))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    next_step = models.CharField(_("next step"), max_length=500, blank=True)
    follow_up_on = models.DateField(_("follow-up due"), null=True, blank=True)
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    objects = models.Manager.from_queryset(InteractionQuerySet)()

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contact__isnull=False) | Q(organisation__isnull=False),
                name="interaction_has_contact_or_organisation",
                violation_error_message=_("Choose a contact or an organisation."),
            ),
            models.CheckConstraint(
                condition=Q(done=False) | Q(done_at__isnull=False),
                name="interaction_done_has_time",
                violation_error_message=_("A follow-up marked done needs the time it was done."),
            ),
        ]
        indexes = [
            # "My follow-ups", the digest and /api/v1/me/due/ (campaigns.reports.due.DueList): a
            # person's open follow-ups read in (due date, id) order a page at a time, and counted per
            # group (overdue, today, coming up) from the index alone, campaign and snooze included.
            models.Index(
                fields=["logged_by", "follow_up_on", "id"],
                include=["campaign", "snoozed_until"],
                condition=Q(done=False, follow_up_on__isnull=False),
                name="interaction_my_due_idx",
            ),
            # Campaign timeline, dashboard activity and partners engaged by date range (index-only).
            models.Index(
                fields=["campaign", "occurred_at"], include=["organisation"], name="interaction_campaign_time_idx"
            ),
            # /api/v1/interactions/ (a cursor, newest first) over all of a person's campaigns: read
            # in (occurred_at, id) order, the campaign checked as rows are read.
            models.Index(fields=["-occurred_at", "-id"], name="interaction_newest_idx"),
            # Dashboard: a campaign's overdue follow-ups per staff member.
            models.Index(
                fields=["campaign", "follow_up_on"],
                include=["logged_by"],
                condition=Q(done=False, follow_up_on__isnull=False),
                name="interaction_campaign_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} with {self.contact or self.organisation}"
