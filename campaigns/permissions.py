"""Who may do what in a campaign. The UI and the API both ask these functions.

viewer: read; staff: also log and edit outreach; coordinator: also team and campaign
settings. A superuser counts as a coordinator everywhere.
"""

from __future__ import annotations

from campaigns.models import Campaign, Membership
from config import compiled

ROLE_RANK = {Membership.Role.VIEWER: 0, Membership.Role.STAFF: 1, Membership.Role.COORDINATOR: 2}


def campaign_role(*, user, campaign: Campaign | int) -> str | None:
    """The user's role in the campaign, or None when they are not a member."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Membership.Role.COORDINATOR
    campaign_id = campaign if isinstance(campaign, int) else campaign.pk
    return Membership.objects.filter(user=user, campaign_id=campaign_id).values_list("role", flat=True).first()


def has_role(*, user, campaign: Campaign | int, at_least: str) -> bool:
    role = campaign_role(user=user, campaign=campaign)
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[at_least]


def can_view(*, user, campaign: Campaign | int) -> bool:
    return has_role(user=user, campaign=campaign, at_least=Membership.Role.VIEWER)


def can_edit(*, user, campaign: Campaign | int) -> bool:
    return has_role(user=user, campaign=campaign, at_least=Membership.Role.STAFF)


def can_manage(*, user, campaign: Campaign | int) -> bool:
    return has_role(user=user, campaign=campaign, at_least=Membership.Role.COORDINATOR)


def campaign_ids_for(*, user, at_least: str = Membership.Role.VIEWER) -> set[int]:
    """Ids of the campaigns where the user has at least the given role."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Campaign.objects.values_list("pk", flat=True))
    roles = [role for role, rank in ROLE_RANK.items() if rank >= ROLE_RANK[at_least]]
    # Asked on every request of a campaign's page or list: compiled once per set of roles. Two
    # filters, so that the SQL's parameters come in the order given (roles, then the user).
    found = compiled.rows(
        ("campaign_ids_for", *roles),
        [*roles, user.pk],
        lambda: Membership.objects.filter(role__in=roles).filter(user_id=user.pk).values_list("campaign_id"),
    )
    return {campaign_id for (campaign_id,) in found}


def can_delete_shared(*, user, campaign_ids) -> bool:
    """Whether ``user`` may delete a shared record (contact, organisation, outlet, article) that the
    campaigns ``campaign_ids`` refer to: a superuser, or a coordinator of every one of them (of at
    least one campaign when none refers to it). Everyone else archives it."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    coordinated = campaign_ids_for(user=user, at_least=Membership.Role.COORDINATOR)
    return bool(coordinated) and set(campaign_ids) <= coordinated


def can_edit_directory(*, user) -> bool:
    """Staff or coordinators of at least one campaign edit (and archive) the shared address book."""
    return bool(campaign_ids_for(user=user, at_least=Membership.Role.STAFF))
