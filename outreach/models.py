"""Organisations, contacts, and the outreach done with them: interactions,
briefings and their invitations, op-eds and their pitches."""

from __future__ import annotations

import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from campaigns.models import Campaign, TimeStampedModel, validate_time_zone
from config.languages import CONTENT_LANGUAGE_CODES, CONTENT_LANGUAGES, EMAIL_LANGUAGES


def validate_language_list(value) -> None:
    if not isinstance(value, list) or any(code not in CONTENT_LANGUAGE_CODES for code in value):
        raise ValidationError(
            _("Languages must be a list of codes among: %(codes)s."),
            params={"codes": ", ".join(sorted(CONTENT_LANGUAGE_CODES))},
        )


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        NGO = "ngo", _("NGO")
        HUMANITARIAN = "humanitarian", _("Humanitarian agency")
        HUMAN_RIGHTS = "human_rights", _("Human-rights organisation")
        THINK_TANK = "think_tank", _("Think tank")
        MEDIA = "media", _("Media")
        GOVERNMENT = "government", _("Government")
        RELIGIOUS = "religious", _("Religious body")
        MILITARY = "military", _("Military")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind, default=Kind.NGO)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_partner = models.BooleanField(_("partner"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="organisation_unique_name_ci",
                violation_error_message=_("An organisation with this name already exists."),
            ),
        ]
        indexes = [
            # Contact and organisation lists filter by kind and country.
            models.Index(fields=["kind", "country"], name="organisation_kind_country_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A label on contacts (expert, journalist, diplomat...), used to filter and invite in bulk."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contact(TimeStampedModel):
    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    country = CountryField(_("country"), blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_language_list],
        help_text=_("Codes of the languages the person works in, e.g. en, fr, ru."),
    )
    preferred_language = models.CharField(
        _("preferred language for email"),
        max_length=8,
        choices=EMAIL_LANGUAGES,
        default="en",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="contacts")
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["full_name"]
        constraints = [
            # One person per address, so imports and invitations never double up.
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="contact_unique_email_ci",
                violation_error_message=_("A contact with this email already exists."),
            ),
            models.CheckConstraint(
                condition=Q(preferred_language__in=["en", "fr", "ar"]),
                name="contact_preferred_language_valid",
            ),
        ]
        indexes = [
            # Type-ahead search and list ordering by name.
            models.Index(Lower("full_name"), name="contact_name_ci_idx"),
            models.Index(fields=["country"], name="contact_country_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name


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
            # "My follow-ups" and the digest: open follow-ups by owner and due date.
            models.Index(
                fields=["logged_by", "follow_up_on"],
                condition=Q(done=False, follow_up_on__isnull=False),
                name="interaction_open_follow_up_idx",
            ),
            # Campaign timeline, dashboard activity and partners engaged by date range (index-only).
            models.Index(
                fields=["campaign", "occurred_at"], include=["organisation"], name="interaction_campaign_time_idx"
            ),
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

    def clean(self) -> None:
        if self.contact_id is None and self.organisation_id is None:
            raise ValidationError(_("Choose a contact or an organisation."))


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
    online_url = models.URLField(_("online link"), blank=True)
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


class Invitation(TimeStampedModel):
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
        ]

    def __str__(self) -> str:
        return f"{self.contact} -> {self.briefing}"


class OpEd(TimeStampedModel):
    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        DRAFTING = "drafting", _("Drafting")
        READY = "ready", _("Ready to pitch")
        PLACED = "placed", _("Placed")
        DROPPED = "dropped", _("Dropped")

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="op_eds")
    title = models.CharField(_("title"), max_length=300)
    authors = models.ManyToManyField(Contact, verbose_name=_("authors"), blank=True, related_name="op_eds")
    language = models.CharField(_("language"), max_length=8, choices=CONTENT_LANGUAGES, default="en")
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.IDEA)
    version_of = models.ForeignKey(
        "self",
        verbose_name=_("language version of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="language_versions",
        help_text=_("The original piece this is a translation or adaptation of."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("op-ed")
        verbose_name_plural = _("op-eds")
        ordering = ["campaign", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["version_of", "language"],
                name="oped_one_version_per_language",
                violation_error_message=_("This op-ed already has a version in that language."),
            ),
            models.CheckConstraint(
                condition=~Q(version_of=F("id")),
                name="oped_not_version_of_itself",
            ),
        ]
        indexes = [
            # Op-ed board: a campaign's pieces by status.
            models.Index(fields=["campaign", "status"], name="oped_campaign_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"

    def clean(self) -> None:
        if self.version_of_id is None:
            return
        original = self.version_of
        if original.version_of_id is not None:
            raise ValidationError({"version_of": _("Link a version to the original piece, not to another version.")})
        if self.campaign_id and original.campaign_id != self.campaign_id:
            raise ValidationError({"version_of": _("A language version must belong to the same campaign.")})
        if original.language == self.language:
            raise ValidationError({"language": _("A language version must be in another language than the original.")})


class PitchQuerySet(models.QuerySet):
    def awaiting_answer(self) -> PitchQuerySet:
        """Pitches sent to an editor with no answer yet."""
        return self.filter(status=Pitch.Status.PITCHED)

    def for_campaign(self, campaign) -> PitchQuerySet:
        """Pitches of the op-eds of ``campaign``."""
        return self.filter(op_ed__campaign=campaign)


class Pitch(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("May be pitched")
        PITCHED = "pitched", _("Pitched")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired unanswered")
        PLACED = "placed", _("Placed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    op_ed = models.ForeignKey(OpEd, verbose_name=_("op-ed"), on_delete=models.CASCADE, related_name="pitches")
    outlet = models.ForeignKey(
        "media_tracker.Outlet",
        verbose_name=_("outlet"),
        on_delete=models.PROTECT,
        related_name="pitches",
    )
    editor = models.ForeignKey(
        Contact,
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pitches",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PLANNED)
    pitched_on = models.DateField(_("pitched on"), null=True, blank=True)
    follow_up_on = models.DateField(_("follow-up due"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pitches",
    )
    position = models.PositiveSmallIntegerField(
        _("order on the outlet list"),
        default=0,
        help_text=_("Outlets are offered the piece in this order."),
    )

    objects = models.Manager.from_queryset(PitchQuerySet)()

    class Meta:
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")
        ordering = ["op_ed", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["op_ed", "outlet"],
                name="pitch_unique_outlet_per_oped",
                violation_error_message=_("This op-ed has already been pitched to this outlet."),
            ),
            models.CheckConstraint(
                condition=Q(status="planned") | Q(pitched_on__isnull=False),
                name="pitch_sent_has_date",
                violation_error_message=_("A pitch that was sent needs its date."),
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True)
                | (Q(pitched_on__isnull=False) & Q(answered_on__gte=F("pitched_on"))),
                name="pitch_answered_after_pitched",
                violation_error_message=_("An answer cannot come before the pitch."),
            ),
        ]
        indexes = [
            # Follow-ups: pitches awaiting an editor's answer by due date.
            models.Index(
                fields=["follow_up_on"],
                condition=Q(status="pitched"),
                name="pitch_awaiting_follow_up_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.op_ed} -> {self.outlet}"
