"""Outlets, feeds, articles, tracked terms, mentions and placements as the API reads and writes them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from campaigns.api.base import (
    FIELD_MAPPING,
    BoundedPrimaryKeyRelatedField,
    CampaignScopedField,
    StrictModelSerializer,
    StrictSerializer,
)
from campaigns.api.reading import FastReadMixin
from campaigns.models import Campaign
from media_tracker.models import AlertSubscription, Article, Feed, Mention, Notification, Outlet, Placement, TrackedTerm
from media_tracker.services.alerts import alert_subscribe, notification_line
from media_tracker.services.placements import placement_record, placement_update
from media_tracker.services.terms import EDITABLE, tracked_term_create, tracked_term_update
from outreach.models import OpEd, Pitch


class OutletSerializer(StrictModelSerializer):
    class Meta:
        model = Outlet
        fields = [
            "id",
            "name",
            "organisation",
            "kind",
            "country",
            "language",
            "website",
            "audience_size",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["archived_at", "created_at", "updated_at"]


class FeedSerializer(StrictModelSerializer):
    class Meta:
        model = Feed
        fields = [
            "id",
            "outlet",
            "url",
            "title",
            "is_active",
            "poll_interval_minutes",
            "last_polled_at",
            "last_success_at",
            "next_poll_at",
            "consecutive_failures",
            "last_error",
            "created_at",
            "updated_at",
        ]
        # Polling state belongs to the poller.
        read_only_fields = [
            "last_polled_at",
            "last_success_at",
            "next_poll_at",
            "consecutive_failures",
            "last_error",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"poll_interval_minutes": {"min_value": 1, "max_value": 10080}}


class ArticleSerializer(StrictModelSerializer):
    class Meta:
        model = Article
        fields = [
            "id",
            "outlet",
            "feed",
            "url",
            "title",
            "author",
            "published_at",
            "language",
            "text",
            "fingerprint",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["fingerprint", "archived_at", "created_at", "updated_at"]


class TermFormSerializer(serializers.Serializer):
    language = serializers.CharField(max_length=8, required=False, allow_blank=True)
    text = serializers.CharField(max_length=300)


class TrackedTermSerializer(StrictModelSerializer):
    """Create and update go through the terms service (its rules: one-letter and common-word terms,
    mixed scripts, forms, exclusion phrases that contain the term)."""

    campaign = CampaignScopedField(queryset=Campaign.objects.all(), campaign_path="pk")
    forms = TermFormSerializer(many=True, required=False)
    exclusions = serializers.ListField(child=serializers.CharField(max_length=300), required=False, max_length=30)

    class Meta:
        model = TrackedTerm
        fields = [
            "id",
            "campaign",
            "term",
            "kind",
            "language",
            "exact",
            "forms",
            "exclusions",
            "source",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["source", "created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None and "campaign" in attrs and attrs["campaign"].pk != self.instance.campaign_id:
            raise serializers.ValidationError({"campaign": [_("A term cannot move to another campaign.")]})
        return attrs  # the model's own checks run in the service

    def create(self, validated_data):
        request = self.context["request"]
        values = {name: validated_data[name] for name in EDITABLE if name in validated_data}
        return tracked_term_create(campaign=validated_data["campaign"], by=request.user, **values)

    def update(self, instance, validated_data):
        request = self.context["request"]
        values = {name: validated_data[name] for name in EDITABLE if name in validated_data}
        return tracked_term_update(tracked_term=instance, by=request.user, **values)


class MentionArticleSerializer(FastReadMixin, serializers.ModelSerializer):
    serializer_field_mapping = FIELD_MAPPING

    class Meta:
        model = Article
        fields = ["id", "outlet", "url", "title", "published_at", "language"]


class MentionSerializer(FastReadMixin, serializers.ModelSerializer):
    serializer_related_field = BoundedPrimaryKeyRelatedField  # its terms are listed a page at a time
    serializer_field_mapping = FIELD_MAPPING
    article = MentionArticleSerializer(read_only=True)

    class Meta:
        model = Mention
        fields = [
            "id",
            "campaign",
            "article",
            "terms",
            "snippet",
            "published_at",
            "found_at",
            "relevance",
            "reviewed_by",
            "reviewed_at",
        ]
        read_only_fields = fields


class MentionRelevanceSerializer(StrictSerializer):
    relevance = serializers.ChoiceField(choices=Mention.Relevance.choices)


class AlertSubscriptionSerializer(StrictModelSerializer):
    term = CampaignScopedField(queryset=TrackedTerm.objects.all(), required=False, allow_null=True)
    op_ed = CampaignScopedField(queryset=OpEd.objects.all(), required=False, allow_null=True)

    class Meta:
        model = AlertSubscription
        fields = ["id", "campaign", "term", "op_ed", "created_at"]
        read_only_fields = ["campaign", "created_at"]

    def validate(self, attrs):
        return attrs  # the service checks them

    def create(self, validated_data):
        return alert_subscribe(
            by=self.context["request"].user, term=validated_data.get("term"), op_ed=validated_data.get("op_ed")
        )


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "campaign", "kind", "mention", "breach", "text", "created_at", "read_at"]
        read_only_fields = fields

    def get_text(self, notification) -> str:
        return notification_line(notification)


class NotificationsReadSerializer(StrictSerializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=500)


class PlacementSerializer(StrictModelSerializer):
    """A piece that ran. Created through the placement services: with a pitch, it is the pitch's
    placement (the pitch and its op-ed are marked placed, as by the pitch's record-placement); its
    campaign, op-ed and pitch never change afterwards."""

    campaign = CampaignScopedField(queryset=Campaign.objects.all(), campaign_path="pk")
    op_ed = CampaignScopedField(queryset=OpEd.objects.all(), required=False, allow_null=True)
    pitch = CampaignScopedField(queryset=Pitch.objects.select_related("op_ed"), required=False, allow_null=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "campaign",
            "outlet",
            "kind",
            "op_ed",
            "pitch",
            "article",
            "spokespeople",
            "title",
            "url",
            "published_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        written_on_create = ["campaign", "op_ed", "pitch"]

    def create(self, validated_data):
        return placement_record(by=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        return placement_update(placement=instance, by=self.context["request"].user, changes=validated_data)
