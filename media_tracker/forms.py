"""Forms of the media pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from campaigns.models import Campaign
from config.languages import CONTENT_LANGUAGES
from media_tracker.models import Outlet
from outreach.forms import DateInput


class MediaFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), required=False, label=_("Campaign"))
    outlet = forms.ModelChoiceField(queryset=Outlet.objects.order_by("name"), required=False, label=_("Outlet"))
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", "---------"), *CONTENT_LANGUAGES])
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, campaign_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "---------"), *countries]
        self.fields["campaign"].queryset = Campaign.objects.filter(pk__in=campaign_ids).order_by("name")
