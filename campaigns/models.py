"""Campaigns, their asks and their team."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.languages import EMAIL_LANGUAGES


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class User(AbstractUser):
    """A staff member of the NGO. Partners have no account."""

    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Follow-up digests arrive in the morning of this time zone."),
    )
    language = models.CharField(_("language"), max_length=8, choices=EMAIL_LANGUAGES, default="en")

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user) -> CampaignQuerySet:
        """Campaigns the user is a member of (every campaign for a superuser)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(memberships__user=user).distinct()

    def running(self) -> CampaignQuerySet:
        """Campaigns that are active or being monitored."""
        return self.filter(status__in=[Campaign.Status.ACTIVE, Campaign.Status.MONITORING])


class Campaign(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        MONITORING = "monitoring", _("Monitoring")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    launched_on = models.DateField(_("launch date"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    exit_criteria = models.TextField(_("exit criteria"), blank=True)
    closed_on = models.DateField(_("closed date"), null=True, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_campaigns",
    )
    follow_up_delay_days = models.PositiveSmallIntegerField(
        _("follow-up delay (days)"),
        default=3,
        help_text=_("A pitch with no answer from the editor after this many days needs a follow-up."),
    )
    escalation_after_days = models.PositiveSmallIntegerField(
        _("escalate after (days overdue)"),
        default=7,
        help_text=_("Follow-ups overdue by more than this are escalated to the coordinators."),
    )

    objects = models.Manager.from_queryset(CampaignQuerySet)()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-launched_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="campaign_closed_has_date",
                violation_error_message=_("A closed campaign needs its closed date."),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(launched_on__isnull=True)
                | Q(closed_on__gte=models.F("launched_on")),
                name="campaign_closed_after_launch",
                violation_error_message=_("A campaign cannot close before it launched."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "active", "monitoring", "closed"]),
                name="campaign_status_valid",
            ),
        ]
        indexes = [
            # Campaign lists and dashboards filter running campaigns.
            models.Index(fields=["status"], name="campaign_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignStatusChange(models.Model):
    """Who moved a campaign from one status to another, and when."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=16, choices=Campaign.Status)
    to_status = models.CharField(_("to"), max_length=16, choices=Campaign.Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("campaign status change")
        verbose_name_plural = _("campaign status changes")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.from_status} -> {self.to_status}"


class Objective(TimeStampedModel):
    """An ask of the campaign, aimed at a target institution."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        ADVANCING = "advancing", _("Advancing")
        STALLED = "stalled", _("Stalled")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="objectives"
    )
    title = models.CharField(_("ask"), max_length=300)
    target = models.CharField(_("target institution"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.NOT_STARTED)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["campaign", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "title"],
                name="objective_unique_title",
                violation_error_message=_("This campaign already has this ask."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MembershipQuerySet(models.QuerySet):
    def editors(self) -> MembershipQuerySet:
        """Memberships whose role may log and edit (staff and coordinators)."""
        return self.filter(role__in=[Membership.Role.COORDINATOR, Membership.Role.STAFF])


class Membership(TimeStampedModel):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        STAFF = "staff", _("Staff")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.STAFF)

    objects = models.Manager.from_queryset(MembershipQuerySet)()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "campaign"],
                name="membership_unique_user_campaign",
                violation_error_message=_("This person is already on the campaign team."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["coordinator", "staff", "viewer"]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.campaign} ({self.role})"


class MentionRollup(models.Model):
    """Mentions counted per campaign, day, outlet and language, for dashboards.

    Rebuilt for the days that received new mentions by ``mention_rollup_refresh``
    (every minute from beat), so charts read thousands of rows instead of millions.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="mention_rollups")
    day = models.DateField()
    outlet = models.ForeignKey("media_tracker.Outlet", on_delete=models.CASCADE, related_name="+")
    country = models.CharField(max_length=2, blank=True)
    language = models.CharField(max_length=8, blank=True)
    mentions = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "day", "outlet", "language"], name="mentionrollup_unique_cell"),
        ]
        indexes = [
            # Top outlets of a campaign over a period: an index-only scan, summed per outlet.
            models.Index(fields=["campaign", "day"], include=["outlet", "mentions"], name="mentionrollup_outlets_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.day} outlet {self.outlet_id}: {self.mentions}"


class MentionDailyCount(models.Model):
    """Mentions per campaign, day, outlet country and language: the charts' small table.

    A campaign's year is a few thousand rows here, whatever the number of outlets.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="mention_daily_counts")
    day = models.DateField()
    country = models.CharField(max_length=2, blank=True)
    language = models.CharField(max_length=8, blank=True)
    mentions = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "day", "country", "language"], name="mentiondailycount_unique_cell"
            ),
        ]
        indexes = [
            # Overview across campaigns: all campaigns' counts over a date range.
            models.Index(fields=["day"], include=["campaign", "mentions"], name="mentiondailycount_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.day} {self.country}/{self.language}: {self.mentions}"


class RollupWatermark(models.Model):
    """How far (by Mention.found_at) the rollups have been brought up to date."""

    name = models.CharField(max_length=50, unique=True)
    found_up_to = models.DateTimeField(null=True)
    refreshed_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.name} up to {self.found_up_to}"
