"""The audit trail on a campaign's page and a contact's page: for coordinators, filterable, exported as
CSV (the export itself on the trail), and nothing in the UI or the API edits it."""

from __future__ import annotations

import csv
import io

import pytest

from campaigns.models import AuditEntry, Membership
from outreach.services.interactions import interaction_update
from tests import factories as f
from tests.parity.doors import api_client, ui_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail():
    campaign = f.CampaignFactory(slug="nk")
    coordinator, staff = f.UserFactory(username="lead"), f.UserFactory(username="aide")
    f.MembershipFactory(user=coordinator, campaign=campaign, role=Membership.Role.COORDINATOR)
    f.MembershipFactory(user=staff, campaign=campaign, role=Membership.Role.STAFF)
    contact = f.ContactFactory(full_name="Thomas de Waal")
    interaction = f.InteractionFactory(campaign=campaign, contact=contact, logged_by=staff, summary="First call")
    interaction_update(interaction=interaction, by=staff, changes={"summary": "First call, agreed to speak"})
    return {"campaign": campaign, "coordinator": coordinator, "staff": staff, "contact": contact}


def test_a_coordinator_reads_who_changed_what_on_the_campaign_page(trail):
    client = ui_client(trail["coordinator"])
    page = client.get("/campaigns/nk/").content.decode()
    assert "Audit trail" in page and "aide" in page and "First call, agreed to speak" in page
    full = client.get("/campaigns/nk/audit/", {"event": "changed", "who": "aide"}).content.decode()
    assert "First call" in full and "agreed to speak" in full
    assert "First call" not in client.get("/campaigns/nk/audit/", {"event": "deleted"}).content.decode()


def test_the_trail_exports_as_csv_and_the_export_is_recorded(trail):
    response = ui_client(trail["coordinator"]).get("/campaigns/nk/audit.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["When", "What", "Who", "Kind", "Record", "Changes"]
    assert any(row[1] == "Changed" and row[2] == "aide" and "agreed to speak" in row[5] for row in rows[1:])
    exported = AuditEntry.objects.get(event="exported")
    assert exported.actor == trail["coordinator"] and exported.campaign_pk == trail["campaign"].pk


def test_the_contact_page_shows_its_trail_to_coordinators(trail):
    page = ui_client(trail["coordinator"]).get(f"/outreach/contacts/{trail['contact'].pk}/").content.decode()
    assert 'id="audit-trail"' in page
    staff_page = ui_client(trail["staff"]).get(f"/outreach/contacts/{trail['contact'].pk}/").content.decode()
    assert 'id="audit-trail"' not in staff_page
    assert ui_client(trail["staff"]).get(f"/outreach/contacts/{trail['contact'].pk}/audit/").status_code == 403


def test_staff_do_not_read_the_campaign_trail_and_nothing_edits_it(trail):
    staff = ui_client(trail["staff"])
    assert staff.get("/campaigns/nk/audit/").status_code == 403
    assert 'id="audit-trail"' not in staff.get("/campaigns/nk/").content.decode()
    assert api_client(trail["coordinator"]).get("/api/v1/audit-entries/").status_code == 404
    count = AuditEntry.objects.count()
    assert ui_client(trail["coordinator"]).post("/campaigns/nk/audit/", {"event": "x"}).status_code == 405
    assert AuditEntry.objects.count() == count
