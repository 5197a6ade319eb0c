"""Writes to campaigns that the admin, the UI and the API share."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import ApiToken, Campaign, CampaignStatusChange, Membership
from campaigns.selectors import exit_progress
from config.audit import audited

# The same words at every door: the forms and the API refuse an unknown status with them too.
UNKNOWN_STATUS = gettext_lazy("There is no such campaign status.")


# Moving to these asks the coordinator to look at the exit criteria first.
EXIT_STATUSES = (Campaign.Status.MONITORING, Campaign.Status.CLOSED)
CONFIRM_EXIT = "confirm_exit"  # the code of the refusal that a confirmation answers


@audited
@transaction.atomic
def campaign_change_status(
    *, campaign: Campaign, to_status: str, by, note: str = "", confirm_exit: bool = False
) -> CampaignStatusChange | None:
    """Move ``campaign`` to ``to_status`` and record who did it; None when nothing changes.

    Any move is allowed, reopening a closed campaign included. Closing sets the closed date
    (today); reopening clears it. A campaign cannot close before its launch date. Moving to
    monitoring or closed a campaign that has exit criteria needs ``confirm_exit`` (the coordinator
    has seen them); the change records how far they were met.
    """
    if to_status not in Campaign.Status.values:
        raise ValidationError(UNKNOWN_STATUS, code="invalid_choice")
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    from_status = campaign.status
    if from_status == to_status:
        return None
    exit_check = ""
    if to_status in EXIT_STATUSES:
        progress = exit_progress(campaign.exit_conditions.all())
        if progress.total:
            exit_check = progress.summary()
            if not confirm_exit:
                raise ValidationError(
                    _("Check the exit criteria before moving the campaign to %(status)s (%(summary)s), then confirm.")
                    % {"status": Campaign.Status(to_status).label.lower(), "summary": exit_check},
                    code=CONFIRM_EXIT,
                )
    campaign.status = to_status
    campaign.closed_on = timezone.localdate() if to_status == Campaign.Status.CLOSED else None
    campaign.validate_constraints()  # closing before the launch date is refused in the model's words
    campaign.save(update_fields=["status", "closed_on", "updated_at"])
    return CampaignStatusChange.objects.create(
        campaign=campaign,
        from_status=from_status,
        to_status=to_status,
        changed_by=by,
        note=note.strip(),
        exit_check=exit_check,
    )


def api_token_create(*, user, name: str, expires_at=None) -> tuple[ApiToken, str]:
    """Create a personal API token; returns it with its secret, which is never stored nor shown again."""
    token = ApiToken(user=user, name=name.strip(), expires_at=expires_at)
    secret = api_token_set_secret(token=token)
    token.full_clean()
    token.save()
    return token, secret


def api_token_set_secret(*, token: ApiToken) -> str:
    """Give an unsaved token a fresh secret (prefix and hash); returns the secret."""
    token.prefix = secrets.token_hex(6)
    secret = f"prl_{token.prefix}_{secrets.token_urlsafe(32)}"
    token.hashed_key = api_token_hash(secret)
    return secret


def api_token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@audited
def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke the token at once; revoking it again changes nothing."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


@audited
@transaction.atomic
def membership_set(*, campaign: Campaign, user, role: str, by) -> Membership:
    """Put ``user`` on the campaign team with ``role`` (or change their role)."""
    membership = Membership.objects.select_for_update().filter(campaign=campaign, user=user).first()
    if membership is not None and membership.role == role:
        return membership
    if membership is not None and membership.role == Membership.Role.COORDINATOR:
        _keep_a_coordinator(campaign=campaign, leaving=membership)
    membership = membership or Membership(campaign=campaign, user=user)
    membership.role = role
    membership.full_clean()
    membership.save()
    return membership


@audited
@transaction.atomic
def membership_remove(*, campaign: Campaign, user, by) -> bool:
    """Take ``user`` off the team; False when they were not on it."""
    membership = Membership.objects.select_for_update().filter(campaign=campaign, user=user).first()
    if membership is None:
        return False
    if membership.role == Membership.Role.COORDINATOR:
        _keep_a_coordinator(campaign=campaign, leaving=membership)
    membership.delete()
    return True


def _keep_a_coordinator(*, campaign: Campaign, leaving: Membership) -> None:
    # Lock the campaign's coordinators so two coordinators cannot both step down at once.
    others = (
        Membership.objects.select_for_update()
        .filter(campaign=campaign, role=Membership.Role.COORDINATOR)
        .exclude(pk=leaving.pk)
    )
    if not list(others):
        raise ValidationError(_("A campaign keeps at least one coordinator."))
