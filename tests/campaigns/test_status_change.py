"""Campaign status changes record who and when."""

from __future__ import annotations

import datetime as dt

import pytest

from campaigns.models import Campaign
from campaigns.services import campaign_change_status
from tests.factories import CampaignFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_moving_to_monitoring_records_who_and_when():
    campaign, coordinator = CampaignFactory(status=Campaign.Status.ACTIVE), UserFactory()
    change = campaign_change_status(campaign=campaign, to_status="monitoring", by=coordinator, note="Ceasefire")
    campaign.refresh_from_db()
    assert campaign.status == "monitoring" and campaign.closed_on is None
    assert (change.from_status, change.to_status, change.changed_by) == ("active", "monitoring", coordinator)
    assert change.changed_at is not None


def test_closing_sets_the_closed_date_and_reopening_clears_it():
    campaign, user = CampaignFactory(status=Campaign.Status.MONITORING), UserFactory()
    campaign_change_status(campaign=campaign, to_status="closed", by=user)
    campaign.refresh_from_db()
    assert campaign.closed_on is not None and campaign.closed_on >= dt.date(2020, 10, 15)
    campaign_change_status(campaign=campaign, to_status="monitoring", by=user)
    campaign.refresh_from_db()
    assert campaign.closed_on is None
    assert list(campaign.status_changes.values_list("to_status", flat=True)) == ["monitoring", "closed"]


def test_same_status_changes_nothing():
    campaign = CampaignFactory(status=Campaign.Status.ACTIVE)
    assert campaign_change_status(campaign=campaign, to_status="active", by=UserFactory()) is None
    assert campaign.status_changes.count() == 0
