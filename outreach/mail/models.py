"""The outbox: every email Parley sends is one of these rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.choices import ChoiceLabels
from config.languages import EMAIL_LANGUAGES


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now) -> OutgoingEmailQuerySet:
        """Queued rows whose next attempt is not in the future."""
        return self.filter(status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now)


class OutgoingEmail(ChoiceLabels, models.Model):
    """One email to send, written in the same transaction as the action that causes it.

    ``dedupe_key`` makes queueing the same email twice impossible; sending claims the row
    with a conditional update (queued -> sending), so a redelivered task sends nothing.
    """

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        UPDATE = "update", _("Updated invitation")
        CANCELLATION = "cancellation", _("Cancellation")
        REMINDER = "reminder", _("Reminder")
        NUDGE = "nudge", _("Nudge")
        DIGEST = "digest", _("Follow-up digest")
        PLACEMENT = "placement", _("Placement found")
        TEST = "test", _("Test email")
        ALERT = "alert", _("Media alert")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Delivered to the mail server")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    recipient = models.EmailField(_("recipient"))
    recipient_name = models.CharField(_("recipient name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=EMAIL_LANGUAGES, default="en")
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    # [{"filename": "briefing.ics", "content": "...", "mimetype": "text/calendar; method=REQUEST"}]
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    # When a send task was last published for this row; None while none is in flight.
    enqueued_at = models.DateTimeField(_("enqueued at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The id the mail provider gave the message (anymail's message_id), to match its delivery events.
    provider_message_id = models.CharField(
        _("provider's message id"), max_length=200, blank=True, default="", db_default=""
    )
    # The coordinator's personal note of an invitation round, in the recipient's language.
    note = models.TextField(_("personal note"), blank=True, default="", db_default="")
    # Where replies go: the coordinator of the briefing's campaign (EMAIL_REPLY_TO overrides it).
    reply_to = models.CharField(_("reply to"), max_length=300, blank=True, default="", db_default="")
    invitation = models.ForeignKey(
        "outreach.Invitation",
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outgoing_emails",
    )

    objects = models.Manager.from_queryset(OutgoingEmailQuerySet)()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "sending", "sent", "failed"]),
                name="outgoing_email_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="outgoing_email_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claimed_at__isnull=False),
                name="outgoing_email_sending_is_claimed",
            ),
        ]
        indexes = [
            # The sweep: rows stuck in queued or sending, by the time that makes them stuck.
            models.Index(
                fields=["status", "next_attempt_at"],
                condition=Q(status__in=["queued", "sending"]),
                name="outgoing_email_pending_idx",
            ),
            # The briefing page: the emails of its invitations.
            models.Index(fields=["invitation", "kind"], name="outgoing_email_invitation_idx"),
            # Delivery events matched by the provider's id (outreach/mail/events.py).
            models.Index(
                fields=["provider_message_id"],
                condition=~Q(provider_message_id=""),
                name="outgoing_email_provider_id_idx",
            ),
            # The contact's email card: emails sent to an address.
            models.Index(Lower("recipient"), name="outgoing_email_recipient_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient} ({self.status})"


class DeliveryEvent(ChoiceLabels, models.Model):
    """What the mail provider reported about one outbox row (through its webhook), and what Parley did."""

    class Type(models.TextChoices):
        QUEUED = "queued", _("Queued by the provider")
        SENT = "sent", _("Sent by the provider")
        DELIVERED = "delivered", _("Delivered")
        DEFERRED = "deferred", _("Delayed, the provider retries")
        SOFT_BOUNCE = "soft_bounce", _("Soft bounce")
        BOUNCED = "bounced", _("Bounced")
        REJECTED = "rejected", _("Refused by the provider")
        COMPLAINED = "complained", _("Marked as spam")
        OPENED = "opened", _("Opened")
        CLICKED = "clicked", _("Link clicked")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        FAILED = "failed", _("Failed at the provider")
        OTHER = "other", _("Other")

    class Action(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        SUPPRESSED = "suppressed", _("Address suppressed")
        RETRY = "retry", _("Sent again later")
        GAVE_UP = "gave_up", _("Not sent again")
        OPTED_OUT = "opted_out", _("Opted out of every email")

    email = models.ForeignKey(OutgoingEmail, verbose_name=_("email"), on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("event"), max_length=16, choices=Type)
    provider = models.CharField(_("provider"), max_length=40)
    occurred_at = models.DateTimeField(_("occurred at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    recipient = models.CharField(_("recipient"), max_length=254, blank=True)
    detail = models.CharField(_("detail"), max_length=1000, blank=True)
    action = models.CharField(_("what Parley did"), max_length=16, choices=Action, default=Action.RECORDED)

    class Meta:
        verbose_name = _("delivery event")
        verbose_name_plural = _("delivery events")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            # The delivery panel and the contact's card: an email's events, newest first.
            models.Index(fields=["email", "-occurred_at"], name="delivery_event_email_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.type} for email {self.email_id}"


class EmailSuppression(ChoiceLabels, models.Model):
    """An address Parley no longer emails, for any campaign, until a person lifts it."""

    class Reason(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", _("Hard bounce")
        COMPLAINT = "complaint", _("Spam complaint")
        REJECTED = "rejected", _("Refused by the provider")

    address = models.EmailField(_("address"))
    reason = models.CharField(_("reason"), max_length=16, choices=Reason)
    detail = models.CharField(_("detail"), max_length=1000, blank=True)
    provider = models.CharField(_("provider"), max_length=40, blank=True)
    event = models.ForeignKey(
        DeliveryEvent, verbose_name=_("event"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("suppressed at"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lifted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lift_reason = models.CharField(_("why it was lifted"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("email suppression")
        verbose_name_plural = _("email suppressions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One active suppression per address (ignoring case); it also serves "is this address suppressed?".
            models.UniqueConstraint(
                Lower("address"), condition=Q(lifted_at__isnull=True), name="email_suppression_one_active"
            ),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True) | ~Q(lift_reason=""),
                name="email_suppression_lift_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.address} ({self.reason})"

    @property
    def active(self) -> bool:
        return self.lifted_at is None


class WebhookReceipt(models.Model):
    """A provider's webhook event or inbound message already handled: a replay of it changes nothing."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook receipt")
        verbose_name_plural = _("webhook receipts")

    def __str__(self) -> str:
        return self.key
