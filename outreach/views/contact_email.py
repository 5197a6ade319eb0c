"""A contact's email: preferences and where they come from, suppressions and delivery events (a card
on the contact page, loaded with htmx), changing the preferences (staff, with a reason) and lifting
a suppression. Every change goes through outreach/services/consent.py."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from campaigns.views.common import editable_campaign_ids, require_any_edit
from outreach.mail.models import DeliveryEvent, EmailSuppression, OutgoingEmail
from outreach.models import Contact, EmailTopic
from outreach.models.consent import STAFF_SOURCES
from outreach.services.consent import contact_email_preferences_set, preferences_of, suppression_lift

RECENT = 10


class EmailPreferencesForm(forms.Form):
    """Staff's change of a contact's email preferences; the service says what is refused and why."""

    invitations = forms.BooleanField(required=False, label=EmailTopic.INVITATIONS.label)
    reminders = forms.BooleanField(required=False, label=EmailTopic.REMINDERS.label)
    updates = forms.BooleanField(required=False, label=EmailTopic.UPDATES.label)
    source = forms.ChoiceField(
        choices=[("", "---------"), *STAFF_SOURCES], required=False, label=_("Where this change comes from")
    )
    reason = forms.CharField(
        required=False,
        label=_("Reason"),
        help_text=_("Required: the preferences are the partner's. Say who asked for this, when and how."),
        widget=forms.TextInput(attrs={"maxlength": 300}),
    )

    def add_service_error(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, exc)


class SuppressionLiftForm(forms.Form):
    reason = forms.CharField(
        required=False,
        label=_("Why this address can be emailed again"),
        widget=forms.TextInput(attrs={"maxlength": 300}),
    )


def contact_email_context(contact: Contact, user) -> dict:
    address = (contact.email or "").lower()
    emails = (
        OutgoingEmail.objects.filter(
            Q(invitation__contact=contact) | Q(recipient__iexact=address) if address else Q(invitation__contact=contact)
        )
        .prefetch_related(Prefetch("events", queryset=DeliveryEvent.objects.order_by("-occurred_at", "-pk")))
        .order_by("-created_at")[:RECENT]
    )
    suppressions = (
        EmailSuppression.objects.filter(address__iexact=address).select_related("lifted_by")[:RECENT] if address else []
    )
    current = preferences_of(contact)
    return {
        "contact": contact,
        "preferences": [(value, label, current[value]) for value, label in EmailTopic.choices],
        "changes": contact.email_preference_changes.select_related("by")[:5],
        "suppressions": suppressions,
        "emails": emails,
        "can_edit": bool(editable_campaign_ids(user)),
        "lift_form": SuppressionLiftForm(),
    }


def contact_email_card(request, pk: int):
    contact = get_object_or_404(Contact.objects.select_related("email_consent_by"), pk=pk)
    context = contact_email_context(contact, request.user)
    template = "outreach/contacts/_email_card.html" if request.htmx else "outreach/contacts/email_page.html"
    return render(request, template, context)


def contact_email_preferences(request, pk: int):
    """Staff change the contact's email preferences, with the source and a reason."""
    require_any_edit(request.user)
    contact = get_object_or_404(Contact, pk=pk)
    if request.method == "POST":
        form = EmailPreferencesForm(request.POST)
        if form.is_valid():
            try:
                contact_email_preferences_set(contact=contact, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Email preferences saved."))
                return redirect("outreach:contact-detail", pk=contact.pk)
        status = 400
    else:
        form = EmailPreferencesForm(initial=preferences_of(contact))
        status = 200
    return render(
        request, "outreach/contacts/email_preferences.html", {"contact": contact, "form": form}, status=status
    )


@require_POST
def email_suppression_lift(request, pk: int):
    """Lift a suppression (the partner fixed their mailbox...); back to the contact it was lifted from."""
    require_any_edit(request.user)
    suppression = get_object_or_404(EmailSuppression, pk=pk)
    form = SuppressionLiftForm(request.POST)
    form.is_valid()
    try:
        suppression_lift(suppression=suppression, by=request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Suppression lifted: %(address)s can be emailed again.") % {"address": suppression.address}
        )
    contact = Contact.objects.filter(email__iexact=suppression.address).first()
    return redirect("outreach:contact-detail", pk=contact.pk) if contact else redirect("outreach:contact-list")
