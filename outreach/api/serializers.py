"""Outreach as the API reads and writes it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from campaigns.api.base import (
    BoundedPrimaryKeyRelatedField,
    CampaignScopedField,
    ListedSlugRelatedField,
    StrictModelSerializer,
    StrictSerializer,
)
from campaigns.models import Campaign
from media_tracker.models import Article, Placement
from outreach.models import Briefing, Contact, Interaction, Invitation, OpEd, Organisation, Pitch, Tag
from outreach.services import directory
from outreach.services.briefings import briefing_create, briefing_update
from outreach.services.opeds import oped_create, oped_update
from outreach.services.pitches import pitch_create, pitch_update
from outreach.services.protection import PRIVATE_FIELDS


class OrganisationSerializer(StrictModelSerializer):
    """An organisation of the shared address book, created and edited through the directory services."""

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "country",
            "website",
            "is_partner",
            "notes",
            "is_protected",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        # Protection and archiving change through the protect/, archive/ and unarchive/ actions.
        read_only_fields = ["is_protected", "archived_at", "created_at", "updated_at"]

    def create(self, validated_data):
        return directory.organisation_create(by=self.context["request"].user, values=validated_data)

    def update(self, instance, validated_data):
        return directory.organisation_update(
            organisation=instance, by=self.context["request"].user, changes=validated_data
        )


class OrganisationMergeSerializer(StrictSerializer):
    into = BoundedPrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), help_text="The organisation to keep; this one is merged into it."
    )


class ContactSerializer(StrictModelSerializer):
    tags = ListedSlugRelatedField(slug_field="slug", many=True, required=False, queryset=Tag.objects.all())
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
            "address",
            "notes",
            "is_protected",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        # Protection and archiving change through the protect/, archive/ and unarchive/ actions.
        read_only_fields = ["is_protected", "archived_at", "created_at", "updated_at"]

    def to_representation(self, instance):
        """A protected contact's phone, email, address and notes never leave through the API, and its
        pseudonym (when it has one) stands for its name."""
        data = super().to_representation(instance)
        data["is_protected"] = instance.protected
        if instance.protected:
            data["full_name"] = instance.display_name
            for name in PRIVATE_FIELDS:
                data[name] = ""
        return data

    def create(self, validated_data):
        return directory.contact_create(by=self.context["request"].user, values=validated_data)

    def update(self, instance, validated_data):
        return directory.contact_update(contact=instance, by=self.context["request"].user, changes=validated_data)


class ContactProtectionSerializer(StrictSerializer):
    protected = serializers.BooleanField(help_text="At risk: details only for coordinators of its campaigns.")
    # Its length is checked by the service, in the same words as on the page and in the admin.
    pseudonym = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Shown instead of the name."
    )


class OrganisationProtectionSerializer(StrictSerializer):
    protected = serializers.BooleanField(help_text="Everyone at the organisation is at risk.")


class ContactMergeSerializer(StrictSerializer):
    into = BoundedPrimaryKeyRelatedField(
        queryset=Contact.objects.all(), help_text="The contact to keep; this one is merged into it."
    )


class InteractionSerializer(StrictModelSerializer):
    """An entry of the outreach log. Done and snoozed change through the done/, undo-done/ and snooze/
    actions; the campaign and who logged it never change."""

    campaign = CampaignScopedField(queryset=Campaign.objects.all(), campaign_path="pk")

    state_actions = {
        "done": _("Use POST /api/v1/interactions/{id}/done/ or /undo-done/ to change this."),
        "snoozed_until": _("Use POST /api/v1/interactions/{id}/snooze/ to change this."),
    }

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
        read_only_fields = ["logged_by", "snoozed_until", "done", "done_at", "created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None and "campaign" in attrs and attrs["campaign"].pk != self.instance.campaign_id:
            raise serializers.ValidationError({"campaign": [_("An interaction cannot move to another campaign.")]})
        return super().validate(attrs)

    def run_model_validation(self, attrs):
        if self.instance is None:
            return  # interaction_log validates the new row itself
        super().run_model_validation(attrs)


class InteractionSnoozeSerializer(StrictSerializer):
    until = serializers.DateField(help_text="Hidden from due lists until this day (after today, within a year).")


class BriefingSerializer(StrictModelSerializer):
    """A briefing. Created a draft (sending its invitations schedules it); moving it emails the invitees
    the updated entry. Its status changes through the cancel and set-status actions."""

    state_actions = {
        "status": _("Use POST /api/v1/briefings/{id}/cancel/ or /set-status/ to change this."),
    }

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
        read_only_fields = ["status", "uid", "sequence", "created_by", "created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None and "campaign" in attrs and attrs["campaign"].pk != self.instance.campaign_id:
            raise serializers.ValidationError({"campaign": [_("A briefing cannot move to another campaign.")]})
        return super().validate(attrs)

    def create(self, validated_data):
        return briefing_create(by=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        briefing_update(briefing=instance, by=self.context["request"].user, changes=validated_data)
        instance.refresh_from_db()
        return instance


class BriefingStatusSerializer(StrictSerializer):
    status = serializers.ChoiceField(choices=Briefing.Status.choices)


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
    """An invitation, by its public id. The answer and attendance are recorded by the record-answer
    and record-attendance actions (the partner answers from the email); sending stamps sent_at."""

    state_actions = {
        "status": _("Use POST /api/v1/invitations/{id}/record-answer/ to change this."),
        "attended": _("Use POST /api/v1/invitations/{id}/record-attendance/ to change this."),
    }

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
        read_only_fields = [
            "status",
            "attended",
            "invited_by",
            "sent_at",
            "answered_at",
            "created_at",
            "updated_at",
        ]

    def validate(self, attrs):
        if self.instance is not None:
            for key in ("briefing", "contact"):
                if key in attrs and attrs[key] != getattr(self.instance, key):
                    raise serializers.ValidationError({key: [_("Create a new invitation instead.")]})
        return super().validate(attrs)


class InvitationAnswerSerializer(StrictSerializer):
    answer = serializers.ChoiceField(
        choices=Invitation.Status.choices, help_text="The partner's answer; 'invited' clears it."
    )


class InvitationAttendanceSerializer(StrictSerializer):
    attended = serializers.BooleanField(allow_null=True, help_text="null: not known.")


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
    """An op-ed. Its campaign is given at creation and never changes; its status moves through the
    set-status action ("placed" by recording a placement of one of its pitches)."""

    state_actions = {"status": _("Use POST /api/v1/op-eds/{id}/set-status/ to change this.")}

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
        read_only_fields = ["status", "owner", "created_at", "updated_at"]
        written_on_create = ["campaign"]

    def create(self, validated_data):
        return oped_create(by=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        return oped_update(op_ed=instance, by=self.context["request"].user, changes=validated_data)


class OpEdStatusSerializer(StrictSerializer):
    status = serializers.ChoiceField(choices=OpEd.Status.choices)


class PitchSerializer(StrictModelSerializer):
    """A pitch of an op-ed to an outlet: created pitched when it has pitched_on, otherwise planned.
    Its status and answer move through the set-status, record-answer and record-placement actions;
    the outcome is a note that can be added at any stage."""

    state_actions = {
        "status": _("Use POST /api/v1/pitches/{id}/set-status/, /record-answer/ or /record-placement/ to change this."),
        "answered_on": _("Use POST /api/v1/pitches/{id}/record-answer/ to change this."),
    }

    op_ed = CampaignScopedField(queryset=OpEd.objects.all())
    campaign = serializers.IntegerField(source="campaign_id", read_only=True)

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
        read_only_fields = ["status", "answered_on", "owner", "created_at", "updated_at"]
        written_on_create = ["op_ed"]

    def create(self, validated_data):
        return pitch_create(by=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        return pitch_update(pitch=instance, by=self.context["request"].user, changes=validated_data)


class PitchStatusSerializer(StrictSerializer):
    status = serializers.ChoiceField(
        choices=Pitch.Status.choices,
        help_text="pitched (with pitched_on), expired, withdrawn or planned; answers and placements have actions of "
        "their own.",
    )
    pitched_on = serializers.DateField(required=False, allow_null=True, default=None)


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
