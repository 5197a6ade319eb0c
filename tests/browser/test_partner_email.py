"""A partner's journey, with no account: the invitation arrives through a real SMTP server on loopback,
they open it, follow its "unsubscribe" link, opt out of reminders only; the next reminder round skips
them while the next invitation reaches them. The staff side is service calls."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from outreach.models import Invitation
from outreach.services.invitations import briefing_reminders_queue, invitations_create, invitations_send
from tests import factories as f
from tests.jobs.conftest import deliver_due

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_partner_opts_out_of_reminders_from_the_invitation_and_still_gets_invitations(
    browser, page, live_server, smtp, settings
):
    settings.SITE_URL = live_server.url
    partner = f.ContactFactory(full_name="Leyla Aliyeva", email="leyla@partner.example.org")
    colleague = f.ContactFactory(full_name="Anna Petrosyan", email="anna@partner.example.org")
    now = timezone.now()
    briefing = f.BriefingFactory(
        title="Ceasefire briefing", starts_at=now + dt.timedelta(hours=10), ends_at=now + dt.timedelta(hours=11)
    )
    invitations_create(briefing=briefing, contacts=[partner, colleague], by=None)
    invitations_send(briefing=briefing, by=None)
    assert deliver_due() == {"sent": 2}

    # The partner opens the invitation and follows its link to their email preferences.
    [invitation_email] = smtp.handler.by_recipient()[partner.email]
    page.set_content(invitation_email.html())
    assert page.get_by_text("You are invited to the briefing").is_visible()
    page.get_by_role("link", name="Choose which emails you get, or unsubscribe").click()
    page.wait_for_url(f"{live_server.url}/email/preferences/**")
    assert page.get_by_role("heading", name="Your email preferences").is_visible()
    page.get_by_label("Reminders and nudges").uncheck()
    page.get_by_role("button", name="Save my choices").click()
    assert page.get_by_text("Thank you, your choices are saved.").is_visible()
    assert page.get_by_label("Briefing invitations").is_checked()
    assert not page.get_by_label("Reminders and nudges").is_checked()

    # Both accepted; the reminder round skips the partner who opted out of reminders.
    Invitation.objects.filter(briefing=briefing).update(status=Invitation.Status.ACCEPTED, answered_at=now)
    assert briefing_reminders_queue() == 1
    deliver_due()
    reminders = [m for m in smtp.handler.received if m.message["Subject"].startswith("Reminder:")]
    assert [m.rcpt_tos for m in reminders] == [[colleague.email]]

    # The next invitation still reaches them.
    second = f.BriefingFactory(title="Humanitarian access briefing")
    invitations_create(briefing=second, contacts=[partner], by=None)
    assert len(invitations_send(briefing=second, by=None).queued) == 1
    deliver_due()
    subjects = [m.message["Subject"] for m in smtp.handler.by_recipient()[partner.email]]
    assert subjects == ["Invitation: Ceasefire briefing", "Invitation: Humanitarian access briefing"]
