"""Forms of the staff UI for campaigns."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, ExitCriterion, Membership, Objective, User
from campaigns.services import UNKNOWN_STATUS
from campaigns.services.asks import UNKNOWN_ASK_STATUS
from campaigns.services.exit_criteria import UNKNOWN_STATE
from outreach.models import Organisation
from outreach.widgets import TypeAheadSelect


class ConfirmExitField(forms.BooleanField):
    """Ticked on the confirmation page once the coordinator has seen the exit criteria."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("New status"), choices=Campaign.Status.choices, error_messages={"invalid_choice": UNKNOWN_STATUS}
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    confirm_exit = ConfirmExitField()


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.filter(is_active=True).order_by("first_name", "last_name", "username"),
        error_messages={"invalid_choice": _("Choose a person from the list.")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ObjectiveForm(forms.Form):
    title = forms.CharField(label=_("Ask"), max_length=300)
    target = forms.CharField(label=_("Target institution"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    target_organisation = forms.ModelChoiceField(
        label=_("Target organisation in the address book"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("Interactions with its people will suggest this ask."),
        widget=TypeAheadSelect("organisation"),  # not a <select> of the whole address book
    )


class ObjectiveStatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("New status"), choices=Objective.Status.choices, error_messages={"invalid_choice": UNKNOWN_ASK_STATUS}
    )
    note = forms.CharField(label=_("Why"), required=False, max_length=500)


class EvidenceNoteForm(forms.Form):
    note = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. the EU statement of 12 November cites the women journalists' call."),
    )
    url = forms.URLField(label=_("Link"), required=False, max_length=2000, assume_scheme="https")
    occurred_on = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ExitCriterionForm(forms.Form):
    text = forms.CharField(label=_("Condition"), max_length=300)


class ExitStateForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), choices=ExitCriterion.State.choices, error_messages={"invalid_choice": UNKNOWN_STATE}
    )
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, max_length=2000, assume_scheme="https")
    state_on = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
