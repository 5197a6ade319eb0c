"""The mail providers' webhooks, mounted at /email/webhooks/<provider>/tracking/ and .../inbound/.

Each request is, in order: counted against EMAIL_WEBHOOK_RATE_LIMIT per client address (a flood
gets 429 before any signature is computed); refused with 404 when the provider's webhook credential
is not configured; checked by anymail (Mailgun's HMAC signature, SendGrid's ECDSA signature, or HTTP
basic auth with EMAIL_WEBHOOK_SECRET for Postmark, Brevo and Amazon SES) and refused with 400 when
forged; refused with 400 when its signed timestamp is older than EMAIL_WEBHOOK_MAX_AGE_SECONDS (a
replay); then parsed by anymail and handed, event by event, to the outbox's services. Events for
unknown messages and events already handled are answered 200 (so the provider stops retrying) and
change nothing. Every refusal and every ignored event is logged.
"""

from __future__ import annotations

import json
import logging
import time
import warnings

from anymail.exceptions import AnymailError, AnymailWebhookValidationFailure
from anymail.webhooks.amazon_ses import AmazonSESInboundWebhookView, AmazonSESTrackingWebhookView
from anymail.webhooks.brevo import BrevoInboundWebhookView, BrevoTrackingWebhookView
from anymail.webhooks.mailgun import MailgunInboundWebhookView, MailgunTrackingWebhookView
from anymail.webhooks.postmark import PostmarkInboundWebhookView, PostmarkTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridInboundWebhookView, SendGridTrackingWebhookView
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from config import ratelimit
from config.email_providers import WEBHOOK_CREDENTIAL
from outreach.mail.events import delivery_event_record
from outreach.mail.inbound import inbound_email_record

logger = logging.getLogger(__name__)

TRACKING_VIEWS = {
    "mailgun": MailgunTrackingWebhookView,
    "postmark": PostmarkTrackingWebhookView,
    "sendgrid": SendGridTrackingWebhookView,
    "amazon_ses": AmazonSESTrackingWebhookView,
    "brevo": BrevoTrackingWebhookView,
}
INBOUND_VIEWS = {
    "mailgun": MailgunInboundWebhookView,
    "postmark": PostmarkInboundWebhookView,
    "sendgrid": SendGridInboundWebhookView,
    "amazon_ses": AmazonSESInboundWebhookView,
    "brevo": BrevoInboundWebhookView,
}


def _text(message: str, status: int) -> HttpResponse:
    return HttpResponse(message + "\n", status=status, content_type="text/plain")


def signed_timestamp(provider: str, request) -> str | None:
    """The timestamp a provider signs with its webhook (None for those that sign none)."""
    if provider == "sendgrid":
        return request.headers.get("X-Twilio-Email-Event-Webhook-Timestamp", "")
    if provider == "mailgun":
        if request.content_type == "application/json":
            try:
                return str(json.loads(request.body.decode("utf-8"))["signature"]["timestamp"])
            except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                return ""
        return request.POST.get("timestamp", "")
    return None


def _too_old(provider: str, request) -> str | None:
    raw = signed_timestamp(provider, request)
    if raw is None:
        return None
    try:
        age = time.time() - float(raw)
    except ValueError:
        return "no usable timestamp"
    if abs(age) > settings.EMAIL_WEBHOOK_MAX_AGE_SECONDS:
        return f"timestamp {int(age)} s away from now"
    return None


def _handle(request, provider: str, views: dict, kind: str) -> HttpResponse:
    view_class = views.get(provider)
    if view_class is None:
        return _text("Unknown provider.", 404)
    address = ratelimit.client_address(request)
    if ratelimit.hit(f"email-webhook:{address}", window=60) > settings.EMAIL_WEBHOOK_RATE_LIMIT:
        logger.warning("%s %s webhook: too many requests from %s; refused", provider, kind, address)
        return _text("Too many requests.", 429)
    if not settings.ANYMAIL.get(WEBHOOK_CREDENTIAL[provider]):
        logger.warning("%s %s webhook called but its credential is not configured; refused", provider, kind)
        return _text("This webhook is not configured.", 404)
    if request.method == "HEAD":  # some providers check the URL exists when it is set up
        return HttpResponse()
    if request.method != "POST":
        return _text("POST only.", 405)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # anymail's notice that SendGrid is no longer supported upstream
            view = view_class()
        view.run_validators(request)
    except AnymailWebhookValidationFailure as exc:
        logger.warning("%s %s webhook from %s refused: %s", provider, kind, address, exc)
        return _text("Invalid signature or credentials.", 400)
    except (TypeError, ValueError, KeyError, AttributeError, UnicodeError) as exc:
        # anymail's checks assume the provider's shape (a JSON list where an object is expected crashed them).
        logger.warning("%s %s webhook from %s refused: malformed payload (%s)", provider, kind, address, exc)
        return _text("Invalid signature or credentials.", 400)
    except ImproperlyConfigured as exc:
        logger.error("%s %s webhook is misconfigured: %s", provider, kind, exc)
        return _text("This webhook is not configured.", 404)
    stale = _too_old(provider, request)
    if stale:
        logger.warning("%s %s webhook from %s refused as a replay: %s", provider, kind, address, stale)
        return _text("Stale or missing timestamp.", 400)
    try:
        events = view.parse_events(request)
    except (AnymailError, ImproperlyConfigured, ValueError, KeyError, TypeError, AttributeError) as exc:
        logger.warning("%s %s webhook from %s: payload not understood (%s); ignored", provider, kind, address, exc)
        return _text("Payload not understood.", 400)
    outcomes = []
    for event in events:
        if kind == "tracking":
            outcomes.append(delivery_event_record(provider=provider, event=event))
        elif event.message is not None:
            outcomes.append(inbound_email_record(provider=provider, message=event.message))
    return _text(", ".join(outcomes) or "Nothing to do.", 200)


@csrf_exempt  # signed by the provider, or behind HTTP basic auth: no session, no CSRF token
@login_not_required
def tracking_webhook(request, provider: str):
    return _handle(request, provider, TRACKING_VIEWS, "tracking")


@csrf_exempt
@login_not_required
def inbound_webhook(request, provider: str):
    return _handle(request, provider, INBOUND_VIEWS, "inbound")
