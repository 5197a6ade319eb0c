"""Briefings for partners and the invitations to them."""

from __future__ import annotations

import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import (
    Campaign,
    KeptCampaign,
    KeptCampaignQuerySet,
    TimeStampedModel,
    kept_campaign,
    validate_time_zone,
)
from config.links import validate_web_link
from outreach.models.directory import Contact


class Briefing(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="briefings"
    )
    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("The time zone the briefing is announced in."),
    )
    online_url = models.URLField(_("online link"), blank=True, validators=[validate_web_link])
    location = models.CharField(_("place"), max_length=300, blank=True)
    speakers = models.ManyToManyField(Contact, verbose_name=_("speakers"), blank=True, related_name="briefings_spoken")
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(
        _("calendar sequence"),
        default=0,
        help_text=_("Raised each time the time or place changes."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="briefing_ends_after_start",
                violation_error_message=_("A briefing must end after it starts."),
            ),
        ]
        indexes = [
            # Upcoming briefings of a campaign; reminders scan by start time.
            models.Index(fields=["campaign", "starts_at"], name="briefing_campaign_start_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A briefing must end after it starts.")})


class Invitation(KeptCampaign, TimeStampedModel):
    class Status(models.TextChoices):
        INVITED = "invited", _("No answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        TENTATIVE = "tentative", _("Maybe")

    # Partner-facing: RSVP links carry this, never the sequential id.
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    briefing = models.ForeignKey(
        Briefing, verbose_name=_("briefing"), on_delete=models.CASCADE, related_name="invitations"
    )
    # The briefing's campaign, kept on the invitation (KeptCampaign): a briefing never changes campaign
    # and an invitation never changes briefing.
    campaign = kept_campaign()
    campaign_kept_from = "briefing"
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.PROTECT, related_name="invitations"
    )
    status = models.CharField(_("answer"), max_length=16, choices=Status, default=Status.INVITED)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = models.Manager.from_queryset(KeptCampaignQuerySet)()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["briefing", "contact__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["briefing", "contact"],
                name="invitation_unique_contact",
                violation_error_message=_("This contact is already invited to this briefing."),
            ),
            models.CheckConstraint(
                condition=Q(status="invited") | Q(answered_at__isnull=False),
                name="invitation_answer_has_time",
                violation_error_message=_("An answer needs the time it was given."),
            ),
        ]
        indexes = [
            # Briefing page: answers rolled up by status.
            models.Index(fields=["briefing", "status"], name="invitation_briefing_status_idx"),
            # The API's invitations of the caller's campaigns and how many there are (index only).
            models.Index(fields=["campaign", "briefing"], name="invitation_campaign_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.contact} -> {self.briefing}"
