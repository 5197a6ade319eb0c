"""A small world for API tests: two campaigns, people with each role, and clients for each."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from campaigns.models import Campaign, Membership, User
from campaigns.services import api_token_create
from tests import factories


@dataclass
class World:
    campaign: Campaign
    other: Campaign
    coordinator: User
    staff: User
    viewer: User
    outsider: User
    other_staff: User


@pytest.fixture
def world(db) -> World:
    campaign = factories.CampaignFactory(name="Nagorno-Karabakh emergency response", slug="nk-2020")
    other = factories.CampaignFactory(name="Another campaign", slug="other")
    users = {}
    for name, role, target in [
        ("coordinator", Membership.Role.COORDINATOR, campaign),
        ("staff", Membership.Role.STAFF, campaign),
        ("viewer", Membership.Role.VIEWER, campaign),
        ("other_staff", Membership.Role.STAFF, other),
    ]:
        users[name] = factories.UserFactory(username=f"api-{name}")
        factories.MembershipFactory(user=users[name], campaign=target, role=role)
    users["outsider"] = factories.UserFactory(username="api-outsider")
    return World(campaign=campaign, other=other, **users)


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        _token, secret = api_token_create(user=user, name="tests")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def as_user():
    """as_user(user) -> an API client authenticated with a fresh personal token of that user."""
    return client_for
