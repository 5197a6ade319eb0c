"""Every kind of email Parley sends, through a real SMTP server on loopback, passes the header check:
a valid MIME message with Message-ID, Date and Content-Language; partners' emails (and tests of them)
with List-Unsubscribe (https and RFC 8058 one-click) and a visible link to the preferences page;
staff emails (digest, placement) without; replies to the campaign's coordinator or the shared address."""

from __future__ import annotations

import email.policy
import email.utils
import re
from email.parser import BytesParser

import pytest

from outreach.models import OutgoingEmail
from outreach.services.invitations import invitations_create, invitations_send
from tests import factories as f
from tests.jobs.conftest import deliver_due
from tests.jobs.test_every_kind_survives_a_kill import QUEUE

pytestmark = pytest.mark.django_db

Kind = OutgoingEmail.Kind
PARTNER_KINDS = {Kind.INVITATION, Kind.UPDATE, Kind.CANCELLATION, Kind.REMINDER, Kind.NUDGE, Kind.TEST}


def only_new_message(smtp, kind):
    OutgoingEmail.objects.all().delete()
    smtp.handler.received.clear()
    QUEUE[kind]()
    OutgoingEmail.objects.exclude(kind=kind).delete()  # the invitation a reminder or update needed first
    assert deliver_due() == {"sent": 1}, kind
    [received] = smtp.handler.received
    return received


@pytest.mark.parametrize("kind", sorted(Kind.values))
def test_every_kind_passes_the_header_check(smtp, settings, kind):
    settings.EMAIL_UNSUBSCRIBE_MAILTO = "unsubscribe@ngo.example.org"
    received = only_new_message(smtp, kind)
    message = BytesParser(policy=email.policy.strict).parsebytes(received.data)
    assert not message.defects
    for part in message.walk():
        assert not part.defects, (kind, part.get_content_type(), part.defects)
    assert re.fullmatch(r"<parley\.\d+\.[0-9a-f]{20}@ngo\.example\.org>", message["Message-ID"])
    assert email.utils.parsedate_to_datetime(message["Date"]) is not None
    assert message["Content-Language"] in {"en", "fr", "ar"}
    assert message.get_body(preferencelist=("plain",)) is not None
    if kind in PARTNER_KINDS:
        targets = message["List-Unsubscribe"]
        assert re.search(r"<http://testserver/email/unsubscribe/[^>]+/>", targets), targets
        assert "<mailto:unsubscribe@ngo.example.org?subject=unsubscribe%20" in targets
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "http://testserver/email/preferences/" in received.text()
        assert "http://testserver/email/preferences/" in received.html()
    else:
        assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None


def test_replies_go_to_the_coordinator_or_the_shared_address(smtp, settings):
    coordinator = f.UserFactory(first_name="Nareh", last_name="Coordinator", email="nareh@ngo.example.org")
    briefing = f.BriefingFactory(campaign=f.CampaignFactory(coordinator=coordinator))
    invitations_create(briefing=briefing, contacts=[f.ContactFactory(), f.ContactFactory()], by=None)
    [first, second] = briefing.invitations.order_by("pk")
    invitations_send(briefing=briefing, by=None, invitations=[first])
    deliver_due()
    assert smtp.handler.received[-1].message["Reply-To"] == "Nareh Coordinator <nareh@ngo.example.org>"
    settings.EMAIL_REPLY_TO = "Partners desk <partners@ngo.example.org>"
    invitations_send(briefing=briefing, by=None, invitations=[second])
    deliver_due()
    assert smtp.handler.received[-1].message["Reply-To"] == "Partners desk <partners@ngo.example.org>"
