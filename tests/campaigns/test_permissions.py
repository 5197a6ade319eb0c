"""Campaign roles: viewer reads, staff edits, coordinator manages; outsiders see nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from campaigns import permissions
from tests.factories import CampaignFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "view", "edit", "manage"),
    [("viewer", True, False, False), ("staff", True, True, False), ("coordinator", True, True, True)],
)
def test_each_role_grants_what_it_says(role, view, edit, manage):
    membership = MembershipFactory(role=role)
    who = {"user": membership.user, "campaign": membership.campaign}
    assert permissions.campaign_role(**who) == role
    assert (permissions.can_view(**who), permissions.can_edit(**who), permissions.can_manage(**who)) == (
        view,
        edit,
        manage,
    )


def test_a_member_of_one_campaign_has_no_rights_in_another():
    membership = MembershipFactory(role="coordinator")
    other = CampaignFactory()
    assert permissions.campaign_role(user=membership.user, campaign=other) is None
    assert not permissions.can_view(user=membership.user, campaign=other.pk)
    assert permissions.campaign_ids_for(user=membership.user) == {membership.campaign_id}


def test_anonymous_has_nothing_and_superuser_has_everything():
    campaign = CampaignFactory()
    assert not permissions.can_view(user=AnonymousUser(), campaign=campaign)
    assert permissions.campaign_ids_for(user=AnonymousUser()) == set()
    boss = UserFactory(is_superuser=True)
    assert permissions.can_manage(user=boss, campaign=campaign)


def test_campaign_ids_for_filters_by_minimum_role():
    user = UserFactory()
    read_only = MembershipFactory(user=user, role="viewer").campaign
    editable = MembershipFactory(user=user, role="staff").campaign
    assert permissions.campaign_ids_for(user=user) == {read_only.pk, editable.pk}
    assert permissions.campaign_ids_for(user=user, at_least="staff") == {editable.pk}
