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
from campaigns.models import Campaign, Evidence, ExitCriterion, Membership, Objective, ObjectiveStatusChange, User
from campaigns.services import UNKNOWN_STATUS, membership_set
from campaigns.services.asks import UNKNOWN_ASK_STATUS, objective_create, objective_update
from campaigns.services.evidence import evidence_link
from campaigns.services.exit_criteria import UNKNOWN_STATE, exit_criterion_create, exit_criterion_update
from media_tracker.models import Mention, Placement
from outreach.models import Briefing, Contact, Interaction, OpEd, Organisation


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
    confirm_exit = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Moving to monitoring or closed a campaign with exit criteria needs true: the caller has "
        "read them (GET /api/v1/exit-criteria/?campaign={id}). Without it the move is refused with a 400 "
        "that says how far they are met.",
    )


class CampaignStatusChangeResultSerializer(serializers.Serializer):
    changed = serializers.BooleanField()
    campaign = CampaignSerializer()


class ObjectiveSerializer(StrictModelSerializer):
    """An ask. Its campaign is given at creation and never changes; its status moves through the
    change-status action, which records who moved it and why."""

    state_actions = {"status": _("Use POST /api/v1/objectives/{id}/change-status/ to change this.")}
    campaign = CampaignScopedField(queryset=Campaign.objects.all(), campaign_path="pk")
    target_organisation = BoundedPrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    target_contacts = BoundedPrimaryKeyRelatedField(queryset=Contact.objects.all(), many=True, required=False)

    class Meta:
        model = Objective
        fields = [
            "id",
            "campaign",
            "title",
            "target",
            "target_organisation",
            "target_contacts",
            "description",
            "status",
            "position",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "created_at", "updated_at"]
        written_on_create = ["campaign"]

    def create(self, validated_data):
        return objective_create(by=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        return objective_update(objective=instance, by=self.context["request"].user, changes=validated_data)


class ObjectiveStatusChangeSerializer(StrictSerializer):
    status = serializers.ChoiceField(
        choices=Objective.Status.choices, error_messages={"invalid_choice": UNKNOWN_ASK_STATUS}
    )
    note = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text="Why (required for achieved, dropped)."
    )


class ObjectiveHistorySerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(source="changed_by.username", read_only=True, default=None)

    class Meta:
        model = ObjectiveStatusChange
        fields = ["from_status", "to_status", "changed_by", "changed_at", "note"]


class ObjectiveStatusChangeResultSerializer(serializers.Serializer):
    changed = serializers.BooleanField()
    objective = ObjectiveSerializer()


class EvidenceSerializer(StrictModelSerializer):
    """Something that served an ask: one of interaction, briefing, placement, mention, op_ed (of the
    ask's campaign), or none of them and a note (with a url). Linking the same object twice returns
    the first link. Evidence is linked and unlinked, never edited."""

    objective = CampaignScopedField(queryset=Objective.objects.all())
    interaction = CampaignScopedField(queryset=Interaction.objects.all(), required=False, allow_null=True)
    briefing = CampaignScopedField(queryset=Briefing.objects.all(), required=False, allow_null=True)
    placement = CampaignScopedField(queryset=Placement.objects.all(), required=False, allow_null=True)
    mention = CampaignScopedField(queryset=Mention.objects.all(), required=False, allow_null=True)
    op_ed = CampaignScopedField(queryset=OpEd.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "campaign",
            "objective",
            "kind",
            "interaction",
            "briefing",
            "placement",
            "mention",
            "op_ed",
            "label",
            "url",
            "note",
            "occurred_on",
            "added_by",
            "added_at",
        ]
        read_only_fields = ["campaign", "kind", "label", "added_by", "added_at"]
        extra_kwargs = {
            "occurred_on": {"required": False, "help_text": "A note's date (today by default); the others' own."}
        }

    def validate(self, attrs):
        # The service checks the rest (same campaign, a note's text); the model's own validation
        # would run before the service has set the kind and label.
        sources = [name for name in Evidence.SOURCE_FIELDS if attrs.get(name) is not None]
        if len(sources) > 1:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Link one thing at a time: an interaction, a briefing, a placement, "
                                        "a mention, an op-ed, or a note.")]}
            )  # fmt: skip
        if sources and attrs.get("url"):
            raise serializers.ValidationError({"url": [_("Only a note takes a link; the others have their own.")]})
        return attrs

    def create(self, validated_data):
        source = next((validated_data[name] for name in Evidence.SOURCE_FIELDS if validated_data.get(name)), None)
        return evidence_link(
            objective=validated_data["objective"],
            by=self.context["request"].user,
            source=source,
            note=validated_data.get("note", ""),
            url=validated_data.get("url", ""),
            occurred_on=validated_data.get("occurred_on") if source is None else None,
        )


class ExitCriterionSerializer(StrictModelSerializer):
    """A condition for ending the campaign. Its state, evidence and date move through the set-state
    action; the text and position are edited here."""

    state_actions = {
        name: _("Use POST /api/v1/exit-criteria/{id}/set-state/ to change this.")
        for name in ("state", "evidence", "evidence_url", "state_on")
    }
    campaign = CampaignScopedField(queryset=Campaign.objects.all(), campaign_path="pk")

    class Meta:
        model = ExitCriterion
        fields = [
            "id",
            "campaign",
            "text",
            "state",
            "evidence",
            "evidence_url",
            "state_on",
            "position",
            "updated_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["state", "evidence", "evidence_url", "state_on", "updated_by", "created_at", "updated_at"]
        written_on_create = ["campaign"]

    def create(self, validated_data):
        return exit_criterion_create(by=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("campaign", None)
        return exit_criterion_update(criterion=instance, by=self.context["request"].user, **validated_data)


class ExitCriterionStateSerializer(StrictSerializer):
    state = serializers.ChoiceField(
        choices=ExitCriterion.State.choices, error_messages={"invalid_choice": UNKNOWN_STATE}
    )
    evidence = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    evidence_url = serializers.URLField(required=False, allow_blank=True, default="", max_length=2000)
    state_on = serializers.DateField(required=False, allow_null=True, default=None)


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
