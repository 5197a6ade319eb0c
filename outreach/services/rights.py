"""Who may delete, archive, see and change shared address-book records: the rules the services apply."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns.models import Membership
from campaigns.permissions import campaign_ids_for, can_delete_shared, can_edit_directory
from outreach.models import Contact
from outreach.selectors import contact_campaign_ids, contact_referring_campaign_ids


def require_delete_right(*, by, campaign_ids, noun: str) -> None:
    """Refuse a delete unless ``by`` is a superuser or coordinates every campaign in ``campaign_ids``."""
    if not can_delete_shared(user=by, campaign_ids=campaign_ids):
        raise ValidationError(
            _(
                "Only an administrator or a coordinator of every campaign that uses this %(noun)s may delete it; "
                "archive it instead."
            )
            % {"noun": noun},
            code="permission_denied",
        )


def require_directory_editor(*, by) -> None:
    if by is not None and not can_edit_directory(user=by):
        raise ValidationError(
            _("Only staff or coordinators of a campaign may change the shared directory."), code="permission_denied"
        )


def can_see_contact_details(*, user, contact: Contact) -> bool:
    """Whether ``user`` sees a contact's phone, email, address and notes (anyone, unless protected)."""
    if not contact.protected:
        return True
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    coordinated = campaign_ids_for(user=user, at_least=Membership.Role.COORDINATOR)
    return bool(coordinated & contact_campaign_ids(contact_id=contact.pk))


def require_details_right(*, by, contact: Contact) -> None:
    """Changing a protected contact is for those who may see its details."""
    if by is not None and not can_see_contact_details(user=by, contact=contact):
        raise ValidationError(
            _("This contact is protected: only coordinators of its campaigns may see or change its details."),
            code="permission_denied",
        )


def require_person_right(*, by, contact: Contact) -> None:
    """An export or an erasure spans every campaign the person appears in: for an administrator or a
    coordinator of every one of them."""
    require_delete_right(by=by, campaign_ids=contact_referring_campaign_ids(contact_id=contact.pk), noun=_("contact"))
