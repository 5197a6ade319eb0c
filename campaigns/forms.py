"""Forms of the staff UI for campaigns."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=Campaign.Status.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
