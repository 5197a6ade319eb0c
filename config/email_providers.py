"""Sending through a mail provider's API (django-anymail) instead of SMTP, configured from the environment.

``EMAIL_PROVIDER`` picks the backend; each provider's variables fill anymail's settings. A provider's
webhook (delivery events, replies) works when its own credential is set, whichever backend sends:
Mailgun's signing key, SendGrid's verification key, or ``EMAIL_WEBHOOK_SECRET`` (HTTP basic auth)
for Postmark, Brevo and Amazon SES, whose webhooks carry no signature of their own.
"""

from __future__ import annotations

import importlib.util

from config.env import ConfigError, env_str

# Provider -> (anymail backend, variables it cannot send without)
PROVIDERS = {
    "mailgun": ("anymail.backends.mailgun.EmailBackend", ["MAILGUN_API_KEY"]),
    "postmark": ("anymail.backends.postmark.EmailBackend", ["POSTMARK_SERVER_TOKEN"]),
    "sendgrid": ("anymail.backends.sendgrid.EmailBackend", ["SENDGRID_API_KEY"]),
    "amazon_ses": ("anymail.backends.amazon_ses.EmailBackend", []),
    "brevo": ("anymail.backends.brevo.EmailBackend", ["BREVO_API_KEY"]),
}
# Environment variable -> anymail setting.
ANYMAIL_VARIABLES = {
    "MAILGUN_API_KEY": "MAILGUN_API_KEY",
    "MAILGUN_SENDER_DOMAIN": "MAILGUN_SENDER_DOMAIN",
    "MAILGUN_API_URL": "MAILGUN_API_URL",
    "MAILGUN_WEBHOOK_SIGNING_KEY": "MAILGUN_WEBHOOK_SIGNING_KEY",
    "POSTMARK_SERVER_TOKEN": "POSTMARK_SERVER_TOKEN",
    "SENDGRID_API_KEY": "SENDGRID_API_KEY",
    "SENDGRID_WEBHOOK_VERIFICATION_KEY": "SENDGRID_TRACKING_WEBHOOK_VERIFICATION_KEY",
    "AMAZON_SES_CONFIGURATION_SET": "AMAZON_SES_CONFIGURATION_SET_NAME",
    "BREVO_API_KEY": "BREVO_API_KEY",
    "EMAIL_WEBHOOK_SECRET": "WEBHOOK_SECRET",
}
# The anymail setting whose presence turns a provider's webhooks on (outreach/views/webhooks.py).
WEBHOOK_CREDENTIAL = {
    "mailgun": "MAILGUN_WEBHOOK_SIGNING_KEY",
    "sendgrid": "SENDGRID_TRACKING_WEBHOOK_VERIFICATION_KEY",
    "postmark": "WEBHOOK_SECRET",
    "brevo": "WEBHOOK_SECRET",
    "amazon_ses": "WEBHOOK_SECRET",
}


def email_provider_settings(provider: str) -> dict:
    """EMAIL_BACKEND (when a provider is chosen) and ANYMAIL, from the environment; ConfigError if incomplete."""
    anymail = {setting: env_str(name).strip() for name, setting in ANYMAIL_VARIABLES.items() if env_str(name).strip()}
    secret = anymail.get("WEBHOOK_SECRET", "")
    if secret and (":" not in secret or secret.startswith(":") or len(secret) < 12):
        raise ConfigError("EMAIL_WEBHOOK_SECRET must look like user:long-random-password (12+ characters)")
    region = env_str("AMAZON_SES_REGION").strip()
    if region:
        anymail["AMAZON_SES_CLIENT_PARAMS"] = {"region_name": region}
    result: dict = {"ANYMAIL": anymail}
    provider = provider.strip().lower()
    if not provider:
        return result
    if provider not in PROVIDERS:
        raise ConfigError(f"EMAIL_PROVIDER={provider!r} is not supported: use one of {', '.join(sorted(PROVIDERS))}")
    backend, required = PROVIDERS[provider]
    missing = [name for name in required if not env_str(name).strip()]
    if missing:
        raise ConfigError(f"EMAIL_PROVIDER={provider} needs {', '.join(missing)}")
    if provider == "amazon_ses" and importlib.util.find_spec("boto3") is None:
        raise ConfigError("EMAIL_PROVIDER=amazon_ses needs boto3: pip install 'django-anymail[amazon-ses]'")
    if "SENDGRID_TRACKING_WEBHOOK_VERIFICATION_KEY" in anymail and importlib.util.find_spec("cryptography") is None:
        raise ConfigError(
            "SENDGRID_WEBHOOK_VERIFICATION_KEY needs cryptography: pip install 'django-anymail[sendgrid]'"
        )
    result["EMAIL_BACKEND"] = backend
    return result
