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
from campaigns.models import Campaign, Evidence, ExitCriterion, Membership, Objective
from campaigns.services import campaign_change_status, membership_remove
from campaigns.services.asks import objective_change_status, objective_delete
from campaigns.services.evidence import evidence_unlink
from campaigns.services.exit_criteria import exit_criterion_delete, exit_criterion_set_state


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
        """Move the campaign to another status (draft, active, monitoring, closed); coordinators only.

        Monitoring and closed, for a campaign with exit criteria, need ``confirm_exit: true``."""
        campaign = self.get_object()
        payload = serializers.CampaignStatusChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        change = campaign_change_status(
            campaign=campaign,
            to_status=payload.validated_data["status"],
            by=request.user,
            note=payload.validated_data["note"],
            confirm_exit=payload.validated_data["confirm_exit"],
        )
        campaign.refresh_from_db()
        body = {"changed": change is not None, "campaign": serializers.CampaignSerializer(campaign).data}
        return Response(body)


class ObjectiveViewSet(CampaignScopedViewSet):
    """The asks of a campaign; coordinators edit them. An ask with evidence cannot be deleted (mark it
    dropped instead)."""

    serializer_class = serializers.ObjectiveSerializer
    listed_relations = {"target_contacts": "pk"}
    filterset_class = filters.ObjectiveFilter
    search_fields = ["title", "target"]
    ordering_fields = ["position", "title", "status", "created_at"]
    ordering = ["campaign_id", "position", "id"]
    edit_role = Membership.Role.COORDINATOR

    def get_queryset(self):
        return self.scoped(Objective.objects.all())

    def perform_destroy(self, instance):
        objective_delete(objective=instance, by=self.request.user)

    @extend_schema(
        request=serializers.ObjectiveStatusChangeSerializer,
        responses={200: serializers.ObjectiveStatusChangeResultSerializer},
    )
    @action(detail=True, methods=["post"], url_path="change-status")
    def change_status(self, request, pk=None):
        """Move the ask to another status, saying why (needed for achieved and dropped); coordinators only."""
        objective = self.get_object()
        payload = serializers.ObjectiveStatusChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        change = objective_change_status(
            objective=objective,
            to_status=payload.validated_data["status"],
            by=request.user,
            note=payload.validated_data["note"],
        )
        objective = self.get_queryset().get(pk=objective.pk)
        data = serializers.ObjectiveSerializer(objective, context=self.get_serializer_context()).data
        return Response({"changed": change is not None, "objective": data})

    @extend_schema(responses={200: serializers.ObjectiveHistorySerializer(many=True)})
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """The ask's status changes, newest first: who, when and why."""
        objective = self.get_object()
        changes = objective.status_changes.select_related("changed_by")
        return Response(serializers.ObjectiveHistorySerializer(changes, many=True).data)


class EvidenceViewSet(CampaignScopedViewSet):
    """Evidence linked to asks. Staff link (POST) and unlink (DELETE); a link is never edited."""

    serializer_class = serializers.EvidenceSerializer
    filterset_class = filters.EvidenceFilter
    search_fields = ["label", "note"]
    ordering_fields = ["occurred_on", "added_at"]
    ordering = ["-occurred_on", "-id"]
    campaign_path = "objective__campaign"
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        return self.scoped(Evidence.objects.select_related("objective"))

    def perform_destroy(self, instance):
        evidence_unlink(evidence=instance, by=self.request.user)


class ExitCriterionViewSet(CampaignScopedViewSet):
    """A campaign's exit criteria; coordinators write them and record their state."""

    serializer_class = serializers.ExitCriterionSerializer
    filterset_class = filters.ExitCriterionFilter
    search_fields = ["text", "evidence"]
    ordering_fields = ["position", "state", "state_on"]
    ordering = ["campaign_id", "position", "id"]
    edit_role = Membership.Role.COORDINATOR

    def get_queryset(self):
        return self.scoped(ExitCriterion.objects.all())

    def perform_destroy(self, instance):
        exit_criterion_delete(criterion=instance, by=self.request.user)

    @extend_schema(
        request=serializers.ExitCriterionStateSerializer, responses={200: serializers.ExitCriterionSerializer}
    )
    @action(detail=True, methods=["post"], url_path="set-state")
    def set_state(self, request, pk=None):
        """Record how far the condition is met (not_met, partly, met), the evidence that shows it (needed
        unless not met) and as of when (today by default)."""
        criterion = self.get_object()
        payload = serializers.ExitCriterionStateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        criterion = exit_criterion_set_state(
            criterion=criterion,
            state=data["state"],
            by=request.user,
            evidence=data["evidence"],
            evidence_url=data["evidence_url"],
            on=data["state_on"],
        )
        return Response(serializers.ExitCriterionSerializer(criterion, context=self.get_serializer_context()).data)


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
