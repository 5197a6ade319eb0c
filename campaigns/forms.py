"""Forms of the staff UI for campaigns."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Membership, User
from campaigns.services import UNKNOWN_STATUS


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("New status"), choices=Campaign.Status.choices, error_messages={"invalid_choice": UNKNOWN_STATUS}
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.filter(is_active=True).order_by("first_name", "last_name", "username"),
        error_messages={"invalid_choice": _("Choose a person from the list.")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
