"""Campaigns, their asks and their team."""

from __future__ import annotations

import zoneinfo

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.audit import current_actor, scope_of
from config.choices import ChoiceLabels
from config.languages import EMAIL_LANGUAGES
from config.loading import PlainLoading


class TimeStampedModel(PlainLoading, ChoiceLabels, models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


# --- A campaign kept on a row whose parent has it --------------------------------------------------
# A pitch keeps its op-ed's campaign and an invitation its briefing's, so that what is scoped to
# campaigns (an API list and its count, follow-ups) reads one table. The parent never changes campaign
# and the row never changes parent, so the campaign is set once, when the row is made, here only.


def kept_campaign() -> models.ForeignKey:
    """The kept campaign's column: no one enters it (not editable, blank), read by a named index."""
    return models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        blank=True,
        db_index=False,
    )


class KeptCampaignQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """As save() does for one row, each new row takes its parent's campaign (read once per parent)."""
        objs, campaign_of_parent = list(objs), {}
        parent = self.model.campaign_kept_from
        for obj in objs:
            parent_id = getattr(obj, f"{parent}_id")
            if parent_id not in campaign_of_parent:
                campaign_of_parent[parent_id] = getattr(obj, parent).campaign_id
            obj.campaign_id = campaign_of_parent[parent_id]
        return super().bulk_create(objs, *args, **kwargs)


class KeptCampaign:
    """Mixed into a model (before its base) with a ``kept_campaign()`` column, a manager on a
    ``KeptCampaignQuerySet`` and ``campaign_kept_from``, the name of the parent it takes it from."""

    campaign_kept_from: str

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.campaign_id = getattr(self, self.campaign_kept_from).campaign_id
        super().save(*args, **kwargs)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class User(ChoiceLabels, AbstractUser):
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


class CampaignStatusChange(ChoiceLabels, models.Model):
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
    # The exit criteria as the coordinator confirmed them when moving to monitoring or closed.
    exit_check = models.CharField(_("exit criteria at the time"), max_length=300, blank=True, db_default="")

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
    # Where known, the institution in the address book and the people inside it: an interaction
    # with one of them suggests this ask.
    target_organisation = models.ForeignKey(
        "outreach.Organisation", verbose_name=_("target organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="targeted_by_asks",
    )  # fmt: skip
    target_contacts = models.ManyToManyField(
        "outreach.Contact", verbose_name=_("people at the target"), blank=True, related_name="targeted_by_asks"
    )
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
    # PROTECT: the outlet is shared; outlet_delete removes its (derived) rows first.
    outlet = models.ForeignKey("media_tracker.Outlet", on_delete=models.PROTECT, related_name="+")
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


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None) -> ApiTokenQuerySet:
        """Tokens that are neither revoked nor expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash of the secret is stored; the secret is shown once.

    The full token reads ``prl_<prefix>_<secret>``: the prefix is not secret and finds the row.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the CRM sync."))
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    hashed_key = models.CharField(_("hashed key"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = models.Manager.from_queryset(ApiTokenQuerySet)()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=F("created_at")),
                name="apitoken_expires_after_creation",
                violation_error_message=_("A token must expire after it is created."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (prl_{self.prefix}_...)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


# --- Asks: targets, status history and evidence ------------------------------------------
#
# Evidence points at objects of outreach and media_tracker through string references: this layer
# imports neither. campaigns.services.evidence checks that the object is of the ask's campaign.


class ObjectiveStatusChange(ChoiceLabels, models.Model):
    """Who moved an ask from one status to another, when, and why."""

    objective = models.ForeignKey(
        Objective, verbose_name=_("ask"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=16, choices=Objective.Status)
    to_status = models.CharField(_("to"), max_length=16, choices=Objective.Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    note = models.CharField(_("why"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("ask status change")
        verbose_name_plural = _("ask status changes")
        ordering = ["-changed_at", "-id"]
        indexes = [
            # An ask's timeline and the quarter's changes of a campaign's asks.
            models.Index(fields=["objective", "changed_at"], name="objstatuschange_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.objective}: {self.from_status} -> {self.to_status}"


class Evidence(ChoiceLabels, models.Model):
    """Something that served an ask: an interaction, a briefing, a placement, a mention, an op-ed,
    or a free note with a link. ``label`` keeps what it was if the object is deleted later."""

    class Kind(models.TextChoices):
        INTERACTION = "interaction", _("Interaction")
        BRIEFING = "briefing", _("Briefing")
        PLACEMENT = "placement", _("Placement")
        MENTION = "mention", _("Press mention")
        OPED = "op_ed", _("Op-ed")
        NOTE = "note", _("Note")

    # The field naming the object of each kind (a note has none).
    SOURCE_FIELDS = ("interaction", "briefing", "placement", "mention", "op_ed")

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+")
    # RESTRICT: an ask with evidence cannot be deleted on its own (mark it dropped instead); deleting
    # the whole campaign deletes both.
    objective = models.ForeignKey(Objective, verbose_name=_("ask"), on_delete=models.RESTRICT, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    interaction = models.ForeignKey(
        "outreach.Interaction", verbose_name=_("interaction"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="evidence",
    )  # fmt: skip
    briefing = models.ForeignKey(
        "outreach.Briefing", verbose_name=_("briefing"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="evidence",
    )  # fmt: skip
    placement = models.ForeignKey(
        "media_tracker.Placement", verbose_name=_("placement"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="evidence",
    )  # fmt: skip
    mention = models.ForeignKey(
        "media_tracker.Mention", verbose_name=_("press mention"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="evidence",
    )  # fmt: skip
    op_ed = models.ForeignKey(
        "outreach.OpEd", verbose_name=_("op-ed"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="evidence",
    )  # fmt: skip
    label = models.CharField(_("what"), max_length=500)
    url = models.URLField(_("link"), max_length=2000, blank=True)
    note = models.TextField(_("note"), blank=True)
    occurred_on = models.DateField(_("date"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            # An object set must be of the row's kind, so at most one is set (none once it was deleted).
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(kind=name), name=f"evidence_{name}_matches_kind"
                )
                for name in ("interaction", "briefing", "placement", "mention", "op_ed")
            ],
            *[
                models.UniqueConstraint(
                    fields=["objective", name],
                    condition=Q(**{f"{name}__isnull": False}),
                    name=f"evidence_unique_{name}",
                    violation_error_message=_("This is already linked to this ask."),
                )
                for name in ("interaction", "briefing", "placement", "mention", "op_ed")
            ],
            models.CheckConstraint(
                condition=~Q(kind="note") | ~Q(note=""),
                name="evidence_note_has_text",
                violation_error_message=_("Write what the note says."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["interaction", "briefing", "placement", "mention", "op_ed", "note"]),
                name="evidence_kind_valid",
            ),
        ]
        indexes = [
            # An ask's timeline, and a campaign's evidence over a quarter.
            models.Index(fields=["objective", "occurred_on"], name="evidence_objective_day_idx"),
            models.Index(fields=["campaign", "occurred_on"], name="evidence_campaign_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.objective}: {self.label}"

    @property
    def source(self):
        """The linked object, or None (a note, or an object deleted since)."""
        return getattr(self, self.kind) if self.kind in self.SOURCE_FIELDS else None


# --- Exit criteria -------------------------------------------------------------------------


class ExitCriterion(TimeStampedModel):
    """One condition for ending the campaign (e.g. "the ceasefire holds"), with its state."""

    class State(models.TextChoices):
        NOT_MET = "not_met", _("Not met")
        PARTLY = "partly", _("Partly met")
        MET = "met", _("Met")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="exit_conditions"
    )
    text = models.CharField(_("condition"), max_length=300)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.NOT_MET)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=2000, blank=True)
    state_on = models.DateField(_("as of"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("exit criterion")
        verbose_name_plural = _("exit criteria")
        ordering = ["campaign", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "text"],
                name="exitcriterion_unique_text",
                violation_error_message=_("This campaign already has this exit criterion."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["not_met", "partly", "met"]), name="exitcriterion_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text


# --- The quarterly update as a document ------------------------------------------------------


class QuarterlyUpdate(TimeStampedModel):
    """The draft of a campaign's update for one quarter in one language.

    ``edits`` holds what the coordinator wrote over the drafted text, per section:
    ``{"asks": {"heading": "...", "text": "..."}}``; the figures are drafted afresh from the data
    each time the draft is shown, until it is frozen (each freeze keeps a ``QuarterlyVersion``).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FROZEN = "frozen", _("Frozen")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="quarterly_updates"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    language = models.CharField(_("language"), max_length=8, choices=EMAIL_LANGUAGES, default="en")
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    edits = models.JSONField(_("edits"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("quarterly update")
        verbose_name_plural = _("quarterly updates")
        ordering = ["campaign", "-year", "-quarter", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "year", "quarter", "language"],
                name="quarterlyupdate_unique_quarter_language",
                violation_error_message=_("This quarter already has an update in this language."),
            ),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="quarterlyupdate_quarter_valid"),
            models.CheckConstraint(condition=Q(status__in=["draft", "frozen"]), name="quarterlyupdate_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.year} Q{self.quarter} [{self.language}]"


class QuarterlyVersion(models.Model):
    """A frozen update: the whole document as it read when frozen. Never changed afterwards."""

    update = models.ForeignKey(
        QuarterlyUpdate, verbose_name=_("update"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    document = models.JSONField(_("document"))
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("frozen by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("quarterly update version")
        verbose_name_plural = _("quarterly update versions")
        ordering = ["update", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["update", "number"], name="quarterlyversion_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.update} v{self.number}"


class QuarterlyShareLinkQuerySet(models.QuerySet):
    def active(self) -> QuarterlyShareLinkQuerySet:
        """Links that were not revoked."""
        return self.filter(revoked_at__isnull=True)


class QuarterlyShareLink(models.Model):
    """A public read-only link to a frozen version, for partners; it can be revoked."""

    version = models.ForeignKey(
        QuarterlyVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="share_links"
    )
    # 32 random bytes: the link itself is the secret, like a shared document's link.
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    objects = models.Manager.from_queryset(QuarterlyShareLinkQuerySet)()

    class Meta:
        verbose_name = _("public link")
        verbose_name_plural = _("public links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.version} ({self.token[:6]}...)"


# --- The audit trail ---------------------------------------------------------------------


class AuditEntryQuerySet(models.QuerySet):
    def for_campaign(self, campaign_id: int) -> AuditEntryQuerySet:
        """Entries about the campaign and everything in it."""
        return self.filter(campaign_pk=campaign_id)

    def for_contact(self, contact_id: int) -> AuditEntryQuerySet:
        """Entries about the contact and what was done with them."""
        return self.filter(contact_pk=contact_id)


class AuditEntryManager(LogEntryManager.from_queryset(AuditEntryQuerySet)):
    """django-auditlog writes every entry through ``log_create``; each is given its campaign and contact."""

    def log_create(self, instance, force_log: bool = False, **kwargs):
        self._scope(instance, kwargs)
        return super().log_create(instance, force_log=force_log, **kwargs)

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        self._scope(instance, kwargs)
        return super().log_m2m_changes(changed_queryset, instance, operation, field_name, **kwargs)

    @staticmethod
    def _scope(instance, kwargs: dict) -> None:
        campaign_pk, contact_pk = scope_of(instance)
        kwargs.setdefault("campaign_pk", campaign_pk)
        kwargs.setdefault("contact_pk", contact_pk)
        action = kwargs.get("action", AbstractLogEntry.Action.UPDATE)
        kwargs.setdefault("event", AuditEntry.EVENT_OF_ACTION.get(action, AuditEntry.Event.CHANGED))


class AuditEntry(ChoiceLabels, AbstractLogEntry):
    """One line of the audit trail: who created, changed (fields before and after), deleted,
    archived, merged, exported, imported or viewed what, and when.

    Written by django-auditlog for the tracked models (``AUDITLOG_INCLUDE_TRACKING_MODELS``) and by
    ``campaigns.audit.audit_event`` for the rest; the actor is the user a service was called ``by``
    (``config.audit``). An entry names its object by type and id, with no foreign key to it, so it
    outlives the object. Entries are never changed afterwards: no page, API or admin edits them.
    """

    class Event(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        DELETED = "deleted", _("Deleted")
        ARCHIVED = "archived", _("Archived")
        UNARCHIVED = "unarchived", _("Restored from the archive")
        MERGED = "merged", _("Merged")
        IMPORTED = "imported", _("Imported")
        EXPORTED = "exported", _("Exported")
        VIEWED = "viewed", _("Protected details viewed")
        PROTECTED = "protected", _("Protection changed")
        ERASED = "erased", _("Erased")

    EVENT_OF_ACTION = {
        AbstractLogEntry.Action.CREATE: Event.CREATED,
        AbstractLogEntry.Action.UPDATE: Event.CHANGED,
        AbstractLogEntry.Action.DELETE: Event.DELETED,
        AbstractLogEntry.Action.ACCESS: Event.VIEWED,
    }

    event = models.CharField(_("event"), max_length=16, choices=Event, default=Event.CHANGED)
    # Plain numbers, not foreign keys: an entry outlives its campaign and its contact.
    campaign_pk = models.BigIntegerField(_("campaign"), null=True, blank=True)
    contact_pk = models.BigIntegerField(_("contact"), null=True, blank=True)
    actor_label = models.CharField(_("by"), max_length=150, blank=True)

    objects = AuditEntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [
            # A campaign's audit trail on its page, newest first.
            models.Index(fields=["campaign_pk", "-timestamp"], name="auditentry_campaign_idx"),
            # A contact's audit trail on their page, newest first.
            models.Index(fields=["contact_pk", "-timestamp"], name="auditentry_contact_idx"),
        ]

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("Audit entries are never changed once written.")
        actor = current_actor()
        if self.actor_id is None and actor is not None and actor.pk is not None:
            self.actor = actor
        if self.actor_id is not None and not self.actor_label:
            self.actor_label = self.actor.get_username()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are never deleted.")


class DemoRecord(models.Model):
    """A row seed_demo created once, by its natural key: a re-run never creates it again.

    So what a person changed in the demo stays changed, and what they deleted stays deleted
    (with whatever depends on it): seed_demo only creates the keys it has never created.
    """

    key = models.CharField(_("key"), max_length=300, unique=True)
    model = models.CharField(_("model"), max_length=100)
    object_id = models.BigIntegerField(_("object id"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("demo record")
        verbose_name_plural = _("demo records")

    def __str__(self) -> str:
        return self.key
