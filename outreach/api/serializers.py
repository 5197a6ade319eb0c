"""Outreach as the API reads and writes it."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from campaigns.api.base import (
    BoundedPrimaryKeyRelatedField,
    CampaignScopedField,
    StrictModelSerializer,
    StrictSerializer,
)
from campaigns.models import Campaign
from media_tracker.models import Article, Placement
from outreach.models import Briefing, Contact, Interaction, Invitation, OpEd, Organisation, Pitch, Tag


class OrganisationSerializer(StrictModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "country", "website", "is_partner", "notes", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class ContactSerializer(StrictModelSerializer):
    tags = serializers.SlugRelatedField(slug_field="slug", many=True, required=False, queryset=Tag.objects.all())
    languages = serializers.ListField(child=serializers.CharField(max_length=8), required=False, max_length=20)
    name_variants = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=20)

    class Meta:
        model = Contact
        fields = [
            "id",
            "full_name",
            "name_variants",
            "organisation",
            "title",
            "email",
            "phone",
            "country",
            "languages",
            "preferred_language",
            "tags",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class InteractionSerializer(StrictModelSerializer):
    campaign = CampaignScopedField(queryset=Campaign.objects.all(), campaign_path="pk")

    class Meta:
        model = Interaction
        fields = [
            "id",
            "campaign",
            "contact",
            "organisation",
            "channel",
            "occurred_at",
            "summary",
            "logged_by",
            "next_step",
            "follow_up_on",
            "snoozed_until",
            "done",
            "done_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["logged_by", "done_at", "created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None and "campaign" in attrs and attrs["campaign"].pk != self.instance.campaign_id:
            raise serializers.ValidationError({"campaign": [_("An interaction cannot move to another campaign.")]})
        if self.instance is not None and "done" in attrs:
            attrs["done_at"] = (self.instance.done_at or timezone.now()) if attrs["done"] else None
        return super().validate(attrs)

    def run_model_validation(self, attrs):
        if self.instance is None:
            return  # interaction_log validates the new row itself
        super().run_model_validation(attrs)


class BriefingSerializer(StrictModelSerializer):
    campaign = CampaignScopedField(queryset=Campaign.objects.all(), campaign_path="pk")

    class Meta:
        model = Briefing
        fields = [
            "id",
            "campaign",
            "title",
            "agenda",
            "starts_at",
            "ends_at",
            "time_zone",
            "online_url",
            "location",
            "speakers",
            "status",
            "uid",
            "sequence",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uid", "sequence", "created_by", "created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None and "campaign" in attrs and attrs["campaign"].pk != self.instance.campaign_id:
            raise serializers.ValidationError({"campaign": [_("A briefing cannot move to another campaign.")]})
        return super().validate(attrs)

    def update(self, instance, validated_data):
        # Calendar clients replace an entry only when its sequence goes up.
        if any(
            key in validated_data and validated_data[key] != getattr(instance, key)
            for key in ("starts_at", "ends_at", "time_zone", "online_url", "location")
        ):
            validated_data["sequence"] = instance.sequence + 1
        return super().update(instance, validated_data)


class BriefingInviteSerializer(StrictSerializer):
    contact_ids = serializers.ListField(
        child=BoundedPrimaryKeyRelatedField(queryset=Contact.objects.all()), required=False, max_length=1000
    )
    organisation_ids = serializers.ListField(
        child=BoundedPrimaryKeyRelatedField(queryset=Organisation.objects.all()), required=False, max_length=1000
    )
    tags = serializers.ListField(
        child=serializers.SlugRelatedField(slug_field="slug", queryset=Tag.objects.all()),
        required=False,
        max_length=100,
    )

    def validate(self, attrs):
        if not any(attrs.get(key) for key in ("contact_ids", "organisation_ids", "tags")):
            raise serializers.ValidationError(_("Give contact_ids, organisation_ids or tags."))
        return attrs


class InvitationSerializer(StrictModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    briefing = CampaignScopedField(queryset=Briefing.objects.all(), campaign_path="campaign")

    class Meta:
        model = Invitation
        fields = [
            "id",
            "briefing",
            "contact",
            "status",
            "attended",
            "invited_by",
            "sent_at",
            "answered_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["invited_by", "sent_at", "answered_at", "created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None:
            for key in ("briefing", "contact"):
                if key in attrs and attrs[key] != getattr(self.instance, key):
                    raise serializers.ValidationError({key: [_("Create a new invitation instead.")]})
        elif attrs.get("status", Invitation.Status.INVITED) != Invitation.Status.INVITED:
            raise serializers.ValidationError({"status": [_("A new invitation has no answer yet.")]})
        if self.instance is not None and "status" in attrs:
            changed = attrs["status"] != self.instance.status
            if attrs["status"] == Invitation.Status.INVITED:
                attrs["answered_at"] = None
            elif changed or self.instance.answered_at is None:
                attrs["answered_at"] = timezone.now()
        return super().validate(attrs)


class InviteResultSerializer(serializers.Serializer):
    created = InvitationSerializer(many=True)
    already_invited = serializers.ListField(child=serializers.IntegerField(), help_text="Contact ids.")


class SkippedInviteeSerializer(serializers.Serializer):
    invitation = serializers.UUIDField(help_text="The invitation's public id.")
    reason = serializers.CharField()


class SendResultSerializer(serializers.Serializer):
    queued = serializers.ListField(child=serializers.UUIDField(), help_text="Invitations emailed now.")
    already_sent = serializers.ListField(child=serializers.UUIDField(), help_text="Invitations emailed before.")
    skipped = SkippedInviteeSerializer(many=True, help_text="Invitees with no or an invalid address.")


class OpEdSerializer(StrictModelSerializer):
    campaign = CampaignScopedField(queryset=Campaign.objects.all(), campaign_path="pk")
    version_of = CampaignScopedField(queryset=OpEd.objects.all(), required=False, allow_null=True)

    class Meta:
        model = OpEd
        fields = [
            "id",
            "campaign",
            "title",
            "authors",
            "language",
            "summary",
            "text",
            "status",
            "version_of",
            "owner",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["owner", "created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None and "campaign" in attrs and attrs["campaign"].pk != self.instance.campaign_id:
            raise serializers.ValidationError({"campaign": [_("An op-ed cannot move to another campaign.")]})
        return super().validate(attrs)


class PitchSerializer(StrictModelSerializer):
    op_ed = CampaignScopedField(queryset=OpEd.objects.all())
    campaign = serializers.IntegerField(source="op_ed.campaign_id", read_only=True)

    class Meta:
        model = Pitch
        fields = [
            "id",
            "op_ed",
            "campaign",
            "outlet",
            "editor",
            "status",
            "pitched_on",
            "follow_up_on",
            "answered_on",
            "outcome",
            "exclusive_until",
            "owner",
            "position",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["owner", "created_at", "updated_at"]

    def validate(self, attrs):
        if (
            self.instance is not None
            and "op_ed" in attrs
            and attrs["op_ed"].campaign_id != self.instance.op_ed.campaign_id
        ):
            raise serializers.ValidationError({"op_ed": [_("A pitch cannot move to another campaign's op-ed.")]})
        return super().validate(attrs)


class PitchAnswerSerializer(StrictSerializer):
    accepted = serializers.BooleanField()
    answered_on = serializers.DateField()
    outcome = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class PitchPlacementSerializer(StrictSerializer):
    url = serializers.URLField(max_length=2000)
    published_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=Placement.Kind.choices, default=Placement.Kind.OPED)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    article = BoundedPrimaryKeyRelatedField(queryset=Article.objects.all(), required=False, allow_null=True)
