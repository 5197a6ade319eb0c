"""Partners' email in the API: a contact's email preferences (read, and changed by staff with a reason)
and the suppressed addresses (read, and lifted with a reason). The same services as the staff UI and
the admin (outreach/services/consent.py); the partner's own door is their signed preferences page."""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from campaigns import permissions
from campaigns.api.base import DEFAULT_FILTER_BACKENDS, ApiViewSetMixin, StrictSerializer
from campaigns.models import Membership
from outreach.mail.models import EmailSuppression
from outreach.models import Contact
from outreach.services.consent import contact_email_preferences_set, preferences_of, suppression_lift


def require_directory_edit(request) -> None:
    if not permissions.campaign_ids_for(user=request.user, at_least=Membership.Role.STAFF):
        raise PermissionDenied(_("Only staff or coordinators of a campaign may change the shared directory."))


class EmailPreferencesSerializer(StrictSerializer):
    invitations = serializers.BooleanField()
    reminders = serializers.BooleanField()
    updates = serializers.BooleanField()
    source = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class EmailPreferencesStateSerializer(serializers.Serializer):
    contact = serializers.IntegerField()
    invitations = serializers.BooleanField()
    reminders = serializers.BooleanField()
    updates = serializers.BooleanField()
    consent_source = serializers.CharField()
    consent_at = serializers.DateTimeField(allow_null=True)
    consent_by = serializers.IntegerField(allow_null=True)


def _state(contact: Contact) -> dict:
    return {
        "contact": contact.pk,
        **preferences_of(contact),
        "consent_source": contact.email_consent_source,
        "consent_at": contact.email_consent_at,
        "consent_by": contact.email_consent_by_id,
    }


class ContactEmailPreferencesViewSet(ApiViewSetMixin, viewsets.ViewSet):
    """GET and POST /api/v1/contacts/{id}/email-preferences/."""

    @extend_schema(responses={200: EmailPreferencesStateSerializer})
    def retrieve(self, request, pk=None):
        """The contact's email preferences per topic and where they come from."""
        contact = get_object_or_404(Contact, pk=pk)
        return Response(EmailPreferencesStateSerializer(_state(contact)).data)

    @extend_schema(request=EmailPreferencesSerializer, responses={200: EmailPreferencesStateSerializer})
    def change(self, request, pk=None):
        """Staff change them: a source and a reason are required, and what the partner turned off comes
        back on only with source "partner_request"."""
        require_directory_edit(request)
        contact = get_object_or_404(Contact, pk=pk)
        payload = EmailPreferencesSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        contact = contact_email_preferences_set(contact=contact, by=request.user, **payload.validated_data)
        return Response(EmailPreferencesStateSerializer(_state(contact)).data)


class EmailSuppressionSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmailSuppression
        fields = [
            "id",
            "address",
            "reason",
            "detail",
            "provider",
            "created_at",
            "lifted_at",
            "lifted_by",
            "lift_reason",
        ]
        read_only_fields = fields


class SuppressionLiftSerializer(StrictSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class EmailSuppressionFilter(django_filters.FilterSet):
    address = django_filters.CharFilter(field_name="address", lookup_expr="iexact")
    active = django_filters.BooleanFilter(field_name="lifted_at", lookup_expr="isnull")

    class Meta:
        model = EmailSuppression
        fields = ["address", "active", "reason"]


class EmailSuppressionViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Addresses Parley no longer emails (hard bounces, complaints); any member reads, staff lift."""

    queryset = EmailSuppression.objects.all()
    serializer_class = EmailSuppressionSerializer
    filter_backends = DEFAULT_FILTER_BACKENDS
    filterset_class = EmailSuppressionFilter
    search_fields = ["address"]
    ordering_fields = ["created_at", "address"]
    ordering = ["-created_at", "-id"]

    @extend_schema(request=SuppressionLiftSerializer, responses={200: EmailSuppressionSerializer})
    @action(detail=True, methods=["post"])
    def lift(self, request, pk=None):
        """Email this address again; the reason is required and recorded."""
        require_directory_edit(request)
        suppression = self.get_object()
        payload = SuppressionLiftSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        suppression = suppression_lift(suppression=suppression, by=request.user, **payload.validated_data)
        return Response(EmailSuppressionSerializer(suppression).data)


class SendInvitationsSerializer(StrictSerializer):
    notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        required=False,
        help_text='The coordinator\'s personal note per email language: {"en": "...", "fr": "...", "ar": "..."}.',
    )
