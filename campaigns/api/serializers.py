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


class CampaignSerializer(StrictModelSerializer):
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
    status = serializers.ChoiceField(choices=Campaign.Status.choices)
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
    campaign = CampaignScopedField(queryset=Campaign.objects.all(), campaign_path="pk")
    user = BoundedPrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "campaign", "user", "username", "role", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None and "campaign" in attrs and attrs["campaign"].pk != self.instance.campaign_id:
            raise serializers.ValidationError({"campaign": [_("A membership cannot move to another campaign.")]})
        return super().validate(attrs)
