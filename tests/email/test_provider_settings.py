"""EMAIL_PROVIDER and the providers' variables: anymail's backend and settings from the environment,
and one clear line when something is missing or malformed (EMAIL_URL keeps working without them)."""

from __future__ import annotations

import pytest

from config.email_providers import email_provider_settings
from config.env import ConfigError

PROVIDER_VARIABLES = [
    "MAILGUN_API_KEY",
    "MAILGUN_SENDER_DOMAIN",
    "MAILGUN_API_URL",
    "MAILGUN_WEBHOOK_SIGNING_KEY",
    "POSTMARK_SERVER_TOKEN",
    "SENDGRID_API_KEY",
    "SENDGRID_WEBHOOK_VERIFICATION_KEY",
    "AMAZON_SES_REGION",
    "AMAZON_SES_CONFIGURATION_SET",
    "BREVO_API_KEY",
    "EMAIL_WEBHOOK_SECRET",
]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in PROVIDER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_no_provider_leaves_the_smtp_backend_alone():
    assert email_provider_settings("") == {"ANYMAIL": {}}


def test_mailgun_from_the_environment(clean_environment):
    clean_environment.setenv("MAILGUN_API_KEY", "key-123")
    clean_environment.setenv("MAILGUN_API_URL", "https://api.eu.mailgun.net/v3")
    clean_environment.setenv("MAILGUN_WEBHOOK_SIGNING_KEY", "signing-456")
    result = email_provider_settings("Mailgun")
    assert result["EMAIL_BACKEND"] == "anymail.backends.mailgun.EmailBackend"
    assert result["ANYMAIL"] == {
        "MAILGUN_API_KEY": "key-123",
        "MAILGUN_API_URL": "https://api.eu.mailgun.net/v3",
        "MAILGUN_WEBHOOK_SIGNING_KEY": "signing-456",
    }


def test_postmark_with_its_webhook_secret(clean_environment):
    clean_environment.setenv("POSTMARK_SERVER_TOKEN", "token")
    clean_environment.setenv("EMAIL_WEBHOOK_SECRET", "parley:a-long-random-password")
    result = email_provider_settings("postmark")
    assert result["EMAIL_BACKEND"] == "anymail.backends.postmark.EmailBackend"
    assert result["ANYMAIL"]["WEBHOOK_SECRET"] == "parley:a-long-random-password"


@pytest.mark.parametrize(
    ("provider", "variables", "message"),
    [
        ("sparkpost", {}, "EMAIL_PROVIDER='sparkpost' is not supported"),
        ("mailgun", {}, "EMAIL_PROVIDER=mailgun needs MAILGUN_API_KEY"),
        ("brevo", {}, "EMAIL_PROVIDER=brevo needs BREVO_API_KEY"),
        (
            "postmark",
            {"POSTMARK_SERVER_TOKEN": "t", "EMAIL_WEBHOOK_SECRET": "short"},
            "EMAIL_WEBHOOK_SECRET must look like",
        ),
        ("", {"EMAIL_WEBHOOK_SECRET": "no-colon-in-this-secret"}, "EMAIL_WEBHOOK_SECRET must look like"),
    ],
)
def test_a_missing_or_malformed_setting_stops_with_one_clear_line(clean_environment, provider, variables, message):
    for name, value in variables.items():
        clean_environment.setenv(name, value)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        email_provider_settings(provider)
