"""How a contact is named where the text may leave the NGO (a quarterly update sent to funders, a
public link for partners).

One helper, so the rule for protected people lives in one place: a contact whose name must not be
published (protected, by their own mark or their organisation's) is named by the pseudonym a
coordinator chose, or else described by role.
"""

from __future__ import annotations

from django.utils.translation import gettext as _


def is_protected(contact) -> bool:
    """Whether the contact's name stays inside the NGO (see ``Contact.protected``)."""
    return contact.protected


def display_name(contact, *, for_public: bool) -> str:
    """The contact's name, or, in a public text about a protected person, a description by role."""
    if not for_public or not is_protected(contact):
        return contact.full_name
    if contact.pseudonym:
        return contact.pseudonym
    if contact.title:
        return _("a %(title)s (name withheld)") % {"title": contact.title.lower()}
    return _("a contact whose name is withheld")
