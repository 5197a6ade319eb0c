"""Campaigns, their asks and their team, as the API reads and writes them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from campaigns.api.base import (
    BoundedPrimaryKeyRelatedField,
    CampaignScopedField,
    StrictModelSerializer,
    StrictSerializer,
)
from campaigns.models import Campaign, Membership, Objective, User
from campaigns.services import UNKNOWN_STATUS, membership_set


class CampaignSerializer(StrictModelSerializer):
    state_actions = {"status": _("Use POST /api/v1/campaigns/{id}/change-status/ to change this.")}

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "slug",
            "status",
            "launched_on",
            "closed_on",
            "summary",
            "exit_criteria",
            "coordinator",
            "follow_up_delay_days",
            "escalation_after_days",
            "created_at",
            "updated_at",
        ]
        # Status moves only through the change-status action, which records who moved it.
        read_only_fields = ["status", "closed_on", "created_at", "updated_at"]


class CampaignStatusChangeSerializer(StrictSerializer):
    status = serializers.ChoiceField(choices=Campaign.Status.choices, error_messages={"invalid_choice": UNKNOWN_STATUS})
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class CampaignStatusChangeResultSerializer(serializers.Serializer):
    changed = serializers.BooleanField()
    campaign = CampaignSerializer()


class ObjectiveSerializer(StrictModelSerializer):
    campaign = CampaignScopedField(queryset=Campaign.objects.all(), campaign_path="pk")

    class Meta:
        model = Objective
        fields = ["id", "campaign", "title", "target", "description", "status", "position", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class MembershipSerializer(StrictModelSerializer):
    """A place on a campaign's team. Joining, a new role and leaving go through the team services
    (a campaign always keeps a coordinator); the campaign and the person never change."""

    campaign = CampaignScopedField(queryset=Campaign.objects.all(), campaign_path="pk")
    user = BoundedPrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "campaign", "user", "username", "role", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None:
            for name in ("campaign", "user"):
                if name in attrs and attrs[name].pk != getattr(self.instance, f"{name}_id"):
                    raise serializers.ValidationError({name: [_("A team membership cannot change this.")]})
        return attrs

    def create(self, validated_data):
        return membership_set(
            campaign=validated_data["campaign"],
            user=validated_data["user"],
            role=validated_data.get("role", Membership.Role.STAFF),
            by=self.context["request"].user,
        )

    def update(self, instance, validated_data):
        if "role" not in validated_data:
            return instance
        return membership_set(
            campaign=instance.campaign, user=instance.user, role=validated_data["role"], by=self.context["request"].user
        )
