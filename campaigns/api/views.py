"""Campaigns, asks and team memberships."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from campaigns.api import filters, serializers
from campaigns.api.base import CampaignScopedViewSet
from campaigns.models import Campaign, Membership, Objective
from campaigns.services import campaign_change_status, membership_remove


class CampaignViewSet(CampaignScopedViewSet):
    """Campaigns the caller is a member of. Coordinators edit them; Django staff create them."""

    serializer_class = serializers.CampaignSerializer
    filterset_class = filters.CampaignFilter
    search_fields = ["name", "slug", "summary"]
    ordering_fields = ["name", "launched_on", "status", "created_at"]
    ordering = ["-launched_on", "name", "id"]
    campaign_path = "pk"
    edit_role = Membership.Role.COORDINATOR
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return self.scoped(Campaign.objects.all())

    def perform_create(self, serializer):
        user = self.request.user
        if not (user.is_staff or user.is_superuser):
            raise PermissionDenied(_("Only administrators create campaigns."))
        with transaction.atomic():
            campaign = serializer.save()
            # Whoever creates a campaign coordinates it until they hand it over.
            Membership.objects.create(user=user, campaign=campaign, role=Membership.Role.COORDINATOR)

    @extend_schema(
        request=serializers.CampaignStatusChangeSerializer,
        responses={200: serializers.CampaignStatusChangeResultSerializer},
    )
    @action(detail=True, methods=["post"], url_path="change-status")
    def change_status(self, request, pk=None):
        """Move the campaign to another status (draft, active, monitoring, closed); coordinators only."""
        campaign = self.get_object()
        payload = serializers.CampaignStatusChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        change = campaign_change_status(
            campaign=campaign,
            to_status=payload.validated_data["status"],
            by=request.user,
            note=payload.validated_data["note"],
        )
        campaign.refresh_from_db()
        body = {"changed": change is not None, "campaign": serializers.CampaignSerializer(campaign).data}
        return Response(body)


class ObjectiveViewSet(CampaignScopedViewSet):
    """The asks of a campaign; coordinators edit them."""

    serializer_class = serializers.ObjectiveSerializer
    filterset_class = filters.ObjectiveFilter
    search_fields = ["title", "target"]
    ordering_fields = ["position", "title", "status", "created_at"]
    ordering = ["campaign_id", "position", "id"]
    edit_role = Membership.Role.COORDINATOR

    def get_queryset(self):
        return self.scoped(Objective.objects.all())


class MembershipViewSet(CampaignScopedViewSet):
    """Who is on a campaign's team, and their role; coordinators manage it."""

    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilter
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    ordering_fields = ["role", "created_at"]
    ordering = ["campaign_id", "id"]
    edit_role = Membership.Role.COORDINATOR

    def get_queryset(self):
        return self.scoped(Membership.objects.select_related("user"))

    def perform_destroy(self, instance):
        membership_remove(campaign=instance.campaign, user=instance.user, by=self.request.user)
