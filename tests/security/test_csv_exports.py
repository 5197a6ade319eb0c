"""CSV exports: one writer for all of them; empty cells stay empty, formula starters are neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from campaigns.views.common import csv_cell
from tests import factories as f

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("", ""),
        (None, ""),
        ("Le Monde", "Le Monde"),
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("  =1+1", "'  =1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        (-3, -3),
        (2.5, 2.5),
    ],
)
def test_a_cell_is_neutralised_only_when_a_spreadsheet_would_run_it(value, written):
    assert csv_cell(value) == written


def test_the_dashboard_csv_keeps_empty_cells_empty_and_neutralises_tab_and_cr(client):
    campaign = f.CampaignFactory()
    f.PlacementFactory(campaign=campaign, title="", url="", published_on=dt.date(2020, 11, 12))
    f.PlacementFactory(campaign=campaign, title="\t=cmd|' /C calc'!A0", published_on=dt.date(2020, 11, 13))
    f.PlacementFactory(campaign=campaign, title="\r@SUM(1)", published_on=dt.date(2020, 11, 14))
    member = f.UserFactory()
    f.MembershipFactory(user=member, campaign=campaign, role="viewer")
    client.force_login(member)
    rows = _rows(client.get(f"/campaigns/{campaign.slug}/dashboard/placements.csv?start=2020-10-01&end=2020-11-30"))
    titles = {row[0]: row[3] for row in rows[1:]}
    assert titles["2020-11-12"] == ""  # was "'"
    assert [row[4] for row in rows[1:] if row[0] == "2020-11-12"] == [""]
    assert titles["2020-11-13"].startswith("'\t=")
    assert titles["2020-11-14"].startswith("'\r@")


def test_the_contacts_csv_uses_the_same_writer(client):
    f.ContactFactory(full_name="\t=HYPERLINK(1)", email="", phone="+44 20 7946 0000", title="")
    staff = f.UserFactory()
    f.MembershipFactory(user=staff, role="staff")
    client.force_login(staff)
    rows = _rows(client.get("/outreach/contacts/export.csv"))
    row = next(row for row in rows[1:] if "HYPERLINK" in row[0])
    assert row[0] == "'\t=HYPERLINK(1)" and row[1] == "" and row[3] == "" and row[4] == "'+44 20 7946 0000"
