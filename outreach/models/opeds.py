"""Op-eds, their language versions, and their pitches to outlets."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, KeptCampaign, KeptCampaignQuerySet, TimeStampedModel, kept_campaign
from config.languages import CONTENT_LANGUAGES
from outreach.models.directory import Contact


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
    text = models.TextField(
        _("text"),
        db_default="",
        blank=True,
        help_text=_("The full text of this language version: the media tracker recognises it under another headline."),
    )
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


class PitchQuerySet(KeptCampaignQuerySet):
    def awaiting_answer(self) -> PitchQuerySet:
        """Pitches sent to an editor with no answer yet."""
        return self.filter(status=Pitch.Status.PITCHED)

    def for_campaign(self, campaign) -> PitchQuerySet:
        """Pitches of the op-eds of ``campaign``."""
        return self.filter(campaign=campaign)


class Pitch(KeptCampaign, TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("May be pitched")
        PITCHED = "pitched", _("Pitched")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired unanswered")
        PLACED = "placed", _("Placed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    op_ed = models.ForeignKey(OpEd, verbose_name=_("op-ed"), on_delete=models.CASCADE, related_name="pitches")
    # The op-ed's campaign, kept on the pitch (KeptCampaign): an op-ed never changes campaign and a pitch
    # never changes op-ed.
    campaign = kept_campaign()
    campaign_kept_from = "op_ed"
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
    exclusive_until = models.DateField(
        _("exclusive to this outlet until"),
        null=True,
        blank=True,
        help_text=_("The piece appearing elsewhere before this date alerts the pitch's owner and the coordinators."),
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
            models.CheckConstraint(
                condition=Q(exclusive_until__isnull=True)
                | Q(pitched_on__isnull=True)
                | Q(exclusive_until__gte=F("pitched_on")),
                name="pitch_exclusive_after_pitched",
                violation_error_message=_("An exclusivity cannot end before the pitch."),
            ),
        ]
        indexes = [
            # Follow-ups: pitches awaiting an editor's answer by due date.
            models.Index(
                fields=["follow_up_on"],
                condition=Q(status="pitched"),
                name="pitch_awaiting_follow_up_idx",
            ),
            # The API's pitches of the caller's campaigns, in their order, and how many there are (index only).
            models.Index(fields=["campaign", "op_ed", "position", "id"], name="pitch_campaign_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.op_ed} -> {self.outlet}"
