"""Forms of the staff UI for outreach: quick log, contacts, organisations, briefings, pitches."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from config.languages import CONTENT_LANGUAGES
from media_tracker.models import Outlet, Placement
from outreach.models import Briefing, Contact, Interaction, Invitation, OpEd, Organisation, Pitch, Tag
from outreach.services.protection import contacts_search_condition
from outreach.widgets import PlainSelect, TypeAheadSelect, TypeAheadSelectMultiple, country_choices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TokenFormMixin(forms.Form):
    """Carries the one-time token that makes a double submit harmless (see views_common.FormToken)."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)


def campaign_field(campaign_ids, **kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Campaign.objects.filter(pk__in=campaign_ids).order_by("name"), label=_("Campaign"), **kwargs
    )


# What the type-ahead searches, per kind of record it picks.
PICKER_LOOKUPS = {"contact": (Contact, ("full_name", "email")), "organisation": (Organisation, ("name",))}


def pick_typed_match(form: forms.Form, data: dict, name: str) -> None:
    """Without JavaScript the type-ahead is a plain text box (``<name>_q``): a single match is taken."""
    query = (data.get(f"{name}_q") or "").strip()
    if data.get(name) or not query or name in form.errors:
        return
    model, lookups = PICKER_LOOKUPS[name]
    if model is Contact:  # a protected contact is found by the name shown, never by its email
        exact, contains = contacts_search_condition(query, exact=True), contacts_search_condition(query)
    else:
        exact = Q()
        contains = Q()
        for field in lookups:
            exact |= Q(**{f"{field}__iexact": query})
            contains |= Q(**{f"{field}__icontains": query})
    records = model.objects.active()
    matches = list(records.filter(exact)[:2]) or list(records.filter(contains)[:2])
    if len(matches) == 1:
        data[name] = matches[0]
    else:
        form.add_error(name, _("No single match for “%(query)s”: type more of the name.") % {"query": query})


class QuickLogForm(TokenFormMixin):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=_("Campaign"))
    contact = forms.ModelChoiceField(queryset=Contact.objects.active(), required=False, widget=forms.HiddenInput)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.active(), required=False, widget=forms.HiddenInput
    )
    # Without JavaScript the type-ahead is a plain text box: a single match is taken.
    contact_q = forms.CharField(required=False, max_length=200)
    organisation_q = forms.CharField(required=False, max_length=200)
    channel = forms.ChoiceField(choices=Interaction.Channel.choices, label=_("Channel"), initial="call")
    # Empty means now; the service refuses a time ahead of now (beyond a clock's slack).
    occurred_at = forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Now, unless you log something that happened earlier (yesterday's call)."),
    )
    summary = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=500)
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DateInput())

    def __init__(self, *args, campaign_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(pk__in=campaign_ids).order_by("name")

    def clean(self):
        data = super().clean()
        for name in ("contact", "organisation"):
            pick_typed_match(self, data, name)
        if not data.get("contact") and not data.get("organisation") and "contact" not in self.errors:
            self.add_error("contact", _("Choose a contact or an organisation."))
        follow_up_on = data.get("follow_up_on")
        if follow_up_on and follow_up_on < timezone.localdate() - dt.timedelta(days=1):
            self.add_error("follow_up_on", _("A follow-up date cannot be in the past."))
        return data


class LinesField(forms.CharField):
    """A list of texts typed one per line."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ContactForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        choices=CONTENT_LANGUAGES, required=False, label=_("Languages"), widget=forms.SelectMultiple
    )
    name_variants = LinesField(
        label=_("Name variants"),
        required=False,
        help_text=_("The name as other languages write it (Cyrillic, Arabic...), one per line."),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Contact
        fields = [
            "full_name",
            "organisation",
            "title",
            "email",
            "phone",
            "country",
            "languages",
            "preferred_language",
            "tags",
            "address",
            "notes",
            "name_variants",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "organisation": TypeAheadSelect("organisation"),  # thousands of organisations
        }


class OrganisationForm(forms.ModelForm):
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        fields = ["name", "kind", "country", "website", "is_partner", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ContactMergeForm(TokenFormMixin):
    """The contact to keep, picked with the type-ahead (or typed, without JavaScript)."""

    contact = forms.ModelChoiceField(queryset=Contact.objects.all(), required=False, widget=forms.HiddenInput)
    contact_q = forms.CharField(required=False, max_length=200)

    def clean(self):
        data = super().clean()
        pick_typed_match(self, data, "contact")
        if not data.get("contact") and "contact" not in self.errors:
            self.add_error("contact", _("Choose the contact to keep."))
        return data


class OrganisationMergeForm(TokenFormMixin):
    """The organisation to keep, picked with the type-ahead (or typed, without JavaScript)."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False, widget=forms.HiddenInput)
    organisation_q = forms.CharField(required=False, max_length=200)

    def clean(self):
        data = super().clean()
        pick_typed_match(self, data, "organisation")
        if not data.get("organisation") and "organisation" not in self.errors:
            self.add_error("organisation", _("Choose the organisation to keep."))
        return data


CONTACT_SORTS = ("name", "-name", "organisation", "-organisation", "last_contact", "-last_contact")


class ContactFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    tag = forms.ModelChoiceField(queryset=Tag.objects.all(), required=False, label=_("Tag"), to_field_name="slug")
    country = forms.ChoiceField(label=_("Country"), required=False, widget=PlainSelect)
    kind = forms.ChoiceField(
        label=_("Organisation kind"), required=False, choices=[("", "---------"), *Organisation.Kind.choices]
    )
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", "---------"), *CONTENT_LANGUAGES])
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), required=False, label=_("Campaign"))
    # The column the list is sorted by (the column headers' links), kept when filtering.
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput, choices=[(key, key) for key in CONTACT_SORTS])

    def __init__(self, *args, campaign_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()
        self.fields["campaign"].queryset = Campaign.objects.filter(pk__in=campaign_ids).order_by("name")


class ContactBulkForm(forms.Form):
    """The contacts list's bulk actions on the ticked contacts (staff only)."""

    class Action(models.TextChoices):
        TAG = "tag", _("Add a tag")
        INVITE = "invite", _("Add to a briefing")
        EXPORT = "export", _("Export as CSV")

    action = forms.ChoiceField(choices=Action.choices)
    contacts = forms.ModelMultipleChoiceField(
        queryset=Contact.objects.active(),
        label=_("Contacts"),
        error_messages={"required": _("Tick at least one contact.")},
    )
    tag = forms.ModelChoiceField(queryset=Tag.objects.all(), required=False, label=_("Tag"), to_field_name="slug")
    briefing = forms.ModelChoiceField(queryset=Briefing.objects.none(), required=False, label=_("Briefing"))
    back = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, editable_campaign_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Briefings still to come, in the campaigns where the user may invite.
        self.fields["briefing"].queryset = (
            Briefing.objects.filter(campaign_id__in=editable_campaign_ids, ends_at__gte=timezone.now())
            .exclude(status=Briefing.Status.CANCELLED)
            .select_related("campaign")
            .order_by("starts_at")
        )

    def clean(self):
        data = super().clean()
        if data.get("action") == self.Action.TAG and not data.get("tag"):
            self.add_error("tag", _("Choose the tag to add."))
        if data.get("action") == self.Action.INVITE and not data.get("briefing"):
            self.add_error("briefing", _("Choose the briefing."))
        return data


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", "---------"), *Organisation.Kind.choices])
    country = forms.ChoiceField(label=_("Country"), required=False, widget=PlainSelect)
    partner = forms.ChoiceField(
        label=_("Partner"), required=False, choices=[("", "---------"), ("yes", _("Yes")), ("no", _("No"))]
    )
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), required=False, label=_("Campaign"))

    def __init__(self, *args, campaign_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()
        self.fields["campaign"].queryset = Campaign.objects.filter(pk__in=campaign_ids).order_by("name")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


class ServiceErrorsMixin:
    """A form whose change is made by a service: the service's refusal becomes the form's errors."""

    service_field_names: dict[str, str] = {}  # a service's field name -> the form's, where they differ

    def add_service_error(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                name = self.service_field_names.get(name, name)
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc)


class BriefingForm(ServiceErrorsMixin, forms.ModelForm):
    """A new briefing (a draft until its invitations go out), or an existing one: its campaign is fixed,
    and its status can be changed (cancelling emails the invitees)."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES, initial="UTC", label=_("Time zone"))

    class Meta:
        model = Briefing
        fields = [
            "campaign",
            "title",
            "agenda",
            "starts_at",
            "ends_at",
            "time_zone",
            "online_url",
            "location",
            "status",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, campaign_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(pk__in=campaign_ids).order_by("name")
        if self.instance.pk is None:
            del self.fields["status"]
        else:
            self.fields["campaign"].disabled = True

    def clean(self):
        data = super().clean()
        # starts_at/ends_at are typed in the briefing's own time zone.
        tz_name = data.get("time_zone")
        if tz_name:
            tz = zoneinfo.ZoneInfo(tz_name)
            for name in ("starts_at", "ends_at"):
                value = self.data.get(self.add_prefix(name))
                if value and data.get(name):
                    naive = timezone.make_naive(data[name]) if timezone.is_aware(data[name]) else data[name]
                    data[name] = naive.replace(tzinfo=tz)
        return data


class InvitationAnswerForm(forms.Form):
    """Staff record the answer a partner gave by phone or in person."""

    answer = forms.ChoiceField(label=_("Answer"), choices=Invitation.Status.choices)


class InviteForm(TokenFormMixin):
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.active(), required=False, label=_("Organisations")
    )
    tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.all(), required=False, label=_("Tags"), to_field_name="slug"
    )
    contacts = forms.ModelMultipleChoiceField(queryset=Contact.objects.active(), required=False, label=_("People"))

    def clean(self):
        data = super().clean()
        if not (data.get("organisations") or data.get("tags") or data.get("contacts")):
            raise forms.ValidationError(_("Pick at least one organisation, tag or person."))
        return data


class OpEdForm(ServiceErrorsMixin, forms.ModelForm):
    """A new op-ed (an idea on the board), or an existing one: its campaign is fixed, its column can move."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = OpEd
        fields = ["campaign", "title", "language", "version_of", "authors", "summary", "text", "status"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "text": forms.Textarea(attrs={"rows": 6}),
            # The originals of the person's campaigns (a thousand at the benchmark's size) and the
            # address book (a hundred thousand people): type-aheads.
            "version_of": TypeAheadSelect("op_ed"),
            "authors": TypeAheadSelectMultiple("contact"),
        }

    def __init__(self, *args, campaign_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(pk__in=campaign_ids).order_by("name")
        originals = OpEd.objects.filter(version_of__isnull=True).order_by("title")
        if self.instance.pk is None:
            del self.fields["status"]
            self.fields["version_of"].queryset = originals.filter(campaign_id__in=campaign_ids)
        else:
            # A language version stays in its original's campaign, which never changes.
            self.fields["campaign"].disabled = True
            self.fields["version_of"].queryset = originals.filter(campaign_id=self.instance.campaign_id).exclude(
                pk=self.instance.pk
            )


class PitchForm(ServiceErrorsMixin, forms.ModelForm):
    """Record a pitch and everything that happened to it in one step (the view makes each step
    through its service: sent, answered, placed...)."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    placement_url = forms.URLField(label=_("Placement URL"), required=False, assume_scheme="https")
    placement_date = forms.DateField(label=_("Published on"), required=False, widget=DateInput())
    placement_kind = forms.ChoiceField(
        label=_("Placement kind"), choices=Placement.Kind.choices, initial=Placement.Kind.OPED, required=False
    )
    confirm_second_pitch = forms.BooleanField(
        label=_("Pitch anyway, although this version is already with another outlet"), required=False
    )
    service_field_names = {"url": "placement_url", "published_on": "placement_date", "kind": "placement_kind"}

    class Meta:
        model = Pitch
        fields = [
            "outlet",
            "editor",
            "status",
            "pitched_on",
            "follow_up_on",
            "answered_on",
            "outcome",
            "exclusive_until",
            "position",
        ]
        widgets = {
            # Type-aheads: a <select> would list every outlet and every contact.
            "outlet": TypeAheadSelect("outlet"),
            "editor": TypeAheadSelect("contact"),
            "exclusive_until": DateInput(),
            "pitched_on": DateInput(),
            "follow_up_on": DateInput(),
            "answered_on": DateInput(),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Archived outlets and contacts are not offered, unless the pitch already names them.
        self.fields["outlet"].queryset = Outlet.objects.filter(
            Q(archived_at__isnull=True) | Q(pk=self.instance.outlet_id)
        ).order_by("name")
        self.fields["editor"].queryset = Contact.objects.filter(
            Q(archived_at__isnull=True) | Q(pk=self.instance.editor_id)
        ).order_by("full_name")
        self.fields["answered_on"].help_text = _("When the editor answered, recorded with the answer.")
        awaiting = {Pitch.Status.PLANNED, Pitch.Status.PITCHED, Pitch.Status.EXPIRED}
        if self.instance.pk is not None and self.instance.status not in awaiting:
            self.fields["answered_on"].disabled = True  # the answer is recorded; it is not retyped here
        self.placement = self._recorded_placement()
        if self.placement is not None:
            # A placed pitch shows where, when and as what the piece ran: saving it again keeps them.
            self.initial.setdefault("placement_url", self.placement.url)
            self.initial.setdefault("placement_date", self.placement.published_on)
            self.initial.setdefault("placement_kind", self.placement.kind)

    def _recorded_placement(self):
        if self.instance.pk is None:
            return None
        return Placement.objects.filter(pitch_id=self.instance.pk).first()

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status in {Pitch.Status.PITCHED, Pitch.Status.ACCEPTED, Pitch.Status.DECLINED} and not data.get(
            "pitched_on"
        ):
            self.add_error("pitched_on", _("A pitch that was sent needs its date."))
        if self.placement is not None and status == Pitch.Status.PLACED and not data.get("placement_date"):
            self.add_error("placement_date", _("Give the date the piece ran."))
        return data

    def _post_clean(self):
        # The services validate the pitch at each step (its status is never written from here).
        pass
