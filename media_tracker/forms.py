"""Forms of the media pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from config.languages import CONTENT_LANGUAGE_CODES, CONTENT_LANGUAGES
from media_tracker.models import Mention, Outlet, TrackedTerm
from outreach.forms import DateInput, LinesField
from outreach.models import OpEd
from outreach.widgets import PlainSelect, TypeAheadSelect, country_choices


class MediaFilterForm(forms.Form):
    # Each <select> written in Python (PlainSelect): Django's templates render every option anew.
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(), required=False, label=_("Campaign"), widget=PlainSelect
    )
    relevance = forms.ChoiceField(
        label=_("Relevance"),
        required=False,
        choices=[("", _("All but not relevant")), *Mention.Relevance.choices],
        widget=PlainSelect,
    )
    term = forms.ModelChoiceField(
        queryset=TrackedTerm.objects.none(), required=False, label=_("Term"), widget=PlainSelect
    )
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.order_by("name"), required=False, label=_("Outlet"), widget=TypeAheadSelect("outlet")
    )
    country = forms.ChoiceField(label=_("Country"), required=False, widget=PlainSelect)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", "---------"), *CONTENT_LANGUAGES], widget=PlainSelect
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())
    article = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, campaign_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()
        self.fields["campaign"].queryset = Campaign.objects.filter(pk__in=campaign_ids).order_by("name")
        self.fields["term"].queryset = TrackedTerm.objects.filter(campaign_id__in=campaign_ids).order_by("term")


class ArticleAddForm(forms.Form):
    url = forms.URLField(label=_("Article address"), max_length=2000, assume_scheme="https")
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.order_by("name"),
        required=False,
        label=_("Outlet"),
        widget=TypeAheadSelect("outlet"),
        help_text=_("Only when no outlet has the article's website."),
    )

    def __init__(self, *args, **kwargs):
        # Beside the filter form on the media page: ids of its own, so each outlet picker is one.
        kwargs.setdefault("auto_id", "add_%s")
        super().__init__(*args, **kwargs)


class RelevanceForm(forms.Form):
    relevance = forms.ChoiceField(choices=Mention.Relevance.choices)


class FormsField(forms.CharField):
    """A term's forms in other languages, one per line: ``fr: Groupe de Minsk`` (or just the text)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{form.get('language')}: {form.get('text')}" if form.get("language") else form.get("text", "")
                for form in value
                if isinstance(form, dict)
            )
        return value

    def to_python(self, value):
        forms_ = []
        for line in (value or "").splitlines():
            if not line.strip():
                continue
            code, colon, text = line.partition(":")
            if colon and code.strip().lower() in CONTENT_LANGUAGE_CODES:
                forms_.append({"language": code.strip().lower(), "text": text.strip()})
            else:
                forms_.append({"language": "", "text": line.strip()})
        return forms_


class TrackedTermForm(forms.ModelForm):
    forms = FormsField(
        label=_("Forms in other languages"),
        required=False,
        help_text=_("One per line, with the language code: “fr: Groupe de Minsk”, “ru: Минская группа”."),
    )
    exclusions = LinesField(
        label=_("Exclusion phrases"),
        required=False,
        help_text=_("One per line: an occurrence inside one of these does not count (“Minsk agreements”)."),
    )

    class Meta:
        model = TrackedTerm
        fields = ["campaign", "term", "kind", "language", "exact", "forms", "exclusions", "is_active"]

    def __init__(self, *args, campaign_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(pk__in=campaign_ids).order_by("name")
        if self.instance.pk:
            self.fields["campaign"].disabled = True
            if self.instance.source == TrackedTerm.Source.DERIVED:
                self.fields["term"].disabled = True

    def _post_clean(self):
        # The rules live in the service (tracked_term_create / _update): the view calls it.
        pass


class AlertSubscribeForm(forms.Form):
    # The terms of the caller's campaigns (a few per campaign): a <select> written in Python. Their
    # op-eds (a thousand at the benchmark's size, more each month): a type-ahead.
    term = forms.ModelChoiceField(
        queryset=TrackedTerm.objects.none(), required=False, label=_("Term"), widget=PlainSelect
    )
    op_ed = forms.ModelChoiceField(
        queryset=OpEd.objects.none(), required=False, label=_("Op-ed"), widget=TypeAheadSelect("op_ed")
    )

    def __init__(self, *args, campaign_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = TrackedTerm.objects.filter(campaign_id__in=campaign_ids).order_by("term")
        self.fields["op_ed"].queryset = OpEd.objects.filter(
            campaign_id__in=campaign_ids, version_of__isnull=True
        ).order_by("title")
