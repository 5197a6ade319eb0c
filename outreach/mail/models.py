"""The outbox: every email Parley sends is one of these rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.languages import EMAIL_LANGUAGES


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now) -> OutgoingEmailQuerySet:
        """Queued rows whose next attempt is not in the future."""
        return self.filter(status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now)


class OutgoingEmail(models.Model):
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
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient} ({self.status})"
