"""Organisations and contacts (shared directories) and a campaign's outreach."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from campaigns.api.base import (
    ArchivedRecordsMixin,
    CampaignScopedViewSet,
    DirectoryViewSet,
    QueryFilterBackend,
    SafeSearchFilter,
    call_refusing_as,
)
from campaigns.api.pagination import ByNameCursorPagination, RecentFirstCursorPagination
from media_tracker.api.serializers import PlacementSerializer
from media_tracker.services.placements import pitch_record_placement
from outreach.api import filters, serializers
from outreach.api.email import SendInvitationsSerializer
from outreach.models import Briefing, Contact, Interaction, Invitation, OpEd, Organisation, Pitch
from outreach.selectors import contacts_matching
from outreach.services import directory
from outreach.services.briefings import briefing_cancel, briefing_set_status
from outreach.services.interactions import (
    interaction_delete,
    interaction_log,
    interaction_mark_done,
    interaction_reopen,
    interaction_snooze,
    interaction_update,
)
from outreach.services.invitations import (
    invitation_record_answer,
    invitation_record_attendance,
    invitations_create,
    invitations_send,
)
from outreach.services.opeds import oped_set_status
from outreach.services.pitches import pitch_record_answer, pitch_set_status
from outreach.services.protection import contact_set_protection, contacts_search_condition, organisation_set_protection

CONTACT_AWARE_FILTER_BACKENDS = [
    QueryFilterBackend,
    filters.ContactAwareSearchFilter,
    OrderingFilter,
]


def archive_actions(*, model_name: str, archive, unarchive, serializer):
    """POST {id}/archive/ and {id}/unarchive/ through the directory services."""

    def archive_it(self, request, pk=None):
        """Hide it from lists and pickers; every campaign that refers to it keeps it."""
        record = archive(**{model_name: self.get_object(), "by": request.user})
        return Response(serializer(record, context=self.get_serializer_context()).data)

    def unarchive_it(self, request, pk=None):
        """Bring it back into lists and pickers."""
        record = unarchive(**{model_name: self.get_object(), "by": request.user})
        return Response(serializer(record, context=self.get_serializer_context()).data)

    # DRF routes an action by its function's name, which must be the attribute's.
    archive_it.__name__, unarchive_it.__name__ = "archive", "unarchive"
    decorate = extend_schema(request=None, responses={200: serializer})
    return (
        decorate(action(detail=True, methods=["post"])(archive_it)),
        decorate(action(detail=True, methods=["post"])(unarchive_it)),
    )


class OrganisationViewSet(ArchivedRecordsMixin, DirectoryViewSet):
    """Organisations: a directory shared by every campaign (archived ones left out of lists: ?archived=)."""

    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    search_fields = ["name", "notes"]
    ordering_fields = ["name", "kind", "country", "created_at"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return self.without_archived(Organisation.objects.all())

    def perform_destroy(self, instance):
        """An administrator or a coordinator of every campaign that refers to it (403 otherwise), and
        only once nothing refers to it (409): merge or archive it instead."""
        call_refusing_as(directory.organisation_delete, organisation=instance, by=self.request.user)

    archive, unarchive = archive_actions(
        model_name="organisation",
        archive=directory.organisation_archive,
        unarchive=directory.organisation_unarchive,
        serializer=serializers.OrganisationSerializer,
    )

    @extend_schema(
        request=serializers.OrganisationProtectionSerializer, responses={200: serializers.OrganisationSerializer}
    )
    @action(detail=True, methods=["post"])
    def protect(self, request, pk=None):
        """Protect everyone at the organisation (coordinators), or lift it."""
        payload = serializers.OrganisationProtectionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        organisation = organisation_set_protection(
            organisation=self.get_object(), by=request.user, **payload.validated_data
        )
        return Response(serializers.OrganisationSerializer(organisation, context=self.get_serializer_context()).data)

    @extend_schema(request=serializers.OrganisationMergeSerializer, responses={200: serializers.OrganisationSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Fold this organisation (a duplicate) into ``into``: its people, outreach and outlets move there."""
        duplicate = self.get_object()
        payload = serializers.OrganisationMergeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        kept = directory.organisations_merge(duplicate=duplicate, into=payload.validated_data["into"], by=request.user)
        return Response(serializers.OrganisationSerializer(kept, context=self.get_serializer_context()).data)


class ContactViewSet(ArchivedRecordsMixin, DirectoryViewSet):
    """People at organisations: a directory shared by every campaign (archived ones left out of lists:
    ?archived=). A protected contact shows its name (or pseudonym) and organisation only."""

    serializer_class = serializers.ContactSerializer
    filterset_class = filters.ContactFilter
    # The search is contacts_search_condition's: never by what a protected contact hides.
    search_fields = []
    # A cursor, not page numbers: no page counts the whole directory.
    pagination_class = ByNameCursorPagination
    listed_relations = {"tags": "slug"}
    ordering_fields = ["full_name", "country", "created_at"]
    ordering = ["full_name", "id"]

    def get_queryset(self):
        contacts = Contact.objects.select_related("organisation")
        if self.action == "list":
            # The columns shown (and the pseudonym shown instead of a protected name), and of the
            # organisation only whether it protects its people: a fifth less to read and build per row.
            shown = [name for name in serializers.ContactSerializer.Meta.fields if name != "tags"]
            contacts = contacts.only(*shown, "pseudonym", "organisation__is_protected")
        for term in SafeSearchFilter().get_search_terms(self.request):
            contacts = contacts.filter(contacts_search_condition(term) | Q(title__icontains=term))
        return self.without_archived(contacts)

    def perform_destroy(self, instance):
        """An administrator or a coordinator of every campaign that refers to it (403 otherwise), and
        only once nothing refers to it (409): merge or archive it instead."""
        call_refusing_as(directory.contact_delete, contact=instance, by=self.request.user)

    archive, unarchive = archive_actions(
        model_name="contact",
        archive=directory.contact_archive,
        unarchive=directory.contact_unarchive,
        serializer=serializers.ContactSerializer,
    )

    @extend_schema(request=serializers.ContactProtectionSerializer, responses={200: serializers.ContactSerializer})
    @action(detail=True, methods=["post"])
    def protect(self, request, pk=None):
        """Mark the contact at risk, optionally with a pseudonym (coordinators), or lift it."""
        payload = serializers.ContactProtectionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        contact = contact_set_protection(contact=self.get_object(), by=request.user, **payload.validated_data)
        return Response(serializers.ContactSerializer(contact, context=self.get_serializer_context()).data)

    @extend_schema(request=serializers.ContactMergeSerializer, responses={200: serializers.ContactSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Fold this contact (a duplicate) into ``into``: everything recorded about it moves there."""
        duplicate = self.get_object()
        payload = serializers.ContactMergeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        kept = directory.contacts_merge(duplicate=duplicate, into=payload.validated_data["into"], by=request.user)
        return Response(serializers.ContactSerializer(kept, context=self.get_serializer_context()).data)


class InteractionViewSet(CampaignScopedViewSet):
    """The outreach log of the caller's campaigns; staff log and edit, close and snooze follow-ups."""

    serializer_class = serializers.InteractionSerializer
    filterset_class = filters.InteractionFilter
    # The contact is searched by the name shown (a protected contact's real name and email stay out).
    search_fields = ["summary", "next_step", "organisation__name"]
    contact_search_path = "contact"
    filter_backends = CONTACT_AWARE_FILTER_BACKENDS
    # A cursor, not page numbers: the log is the largest list, and counting it cost more than
    # reading a page. Ordered by when it happened only (either way): the one order an index serves.
    pagination_class = RecentFirstCursorPagination
    ordering_fields = ["occurred_at"]
    ordering = ["-occurred_at", "-id"]

    def get_queryset(self):
        return self.scoped(Interaction.objects.all())

    def perform_create(self, serializer):
        self.check_campaign_role(self.campaign_id_for_create(serializer))
        serializer.instance = interaction_log(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        changes = dict(serializer.validated_data)
        changes.pop("campaign", None)  # the same campaign (the serializer refuses another)
        serializer.instance = interaction_update(interaction=serializer.instance, by=self.request.user, changes=changes)

    def perform_destroy(self, instance):
        interaction_delete(interaction=instance, by=self.request.user)

    @extend_schema(request=None, responses={200: serializers.InteractionSerializer})
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        """Close the follow-up (the home page's "Done"); closing it again changes nothing."""
        interaction = interaction_mark_done(interaction=self.get_object(), by=request.user)
        return Response(self.get_serializer(interaction).data)

    @extend_schema(request=None, responses={200: serializers.InteractionSerializer})
    @action(detail=True, methods=["post"], url_path="undo-done")
    def undo_done(self, request, pk=None):
        """Reopen a follow-up closed by mistake; reopening an open one changes nothing."""
        interaction = interaction_reopen(interaction=self.get_object(), by=request.user)
        return Response(self.get_serializer(interaction).data)

    @extend_schema(request=serializers.InteractionSnoozeSerializer, responses={200: serializers.InteractionSerializer})
    @action(detail=True, methods=["post"])
    def snooze(self, request, pk=None):
        """Hide an open follow-up from due lists until a day after today and within a year."""
        interaction = self.get_object()
        payload = serializers.InteractionSnoozeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        interaction = interaction_snooze(interaction=interaction, by=request.user, **payload.validated_data)
        return Response(self.get_serializer(interaction).data)


class BriefingViewSet(CampaignScopedViewSet):
    """Briefings of the caller's campaigns; staff schedule them and invite partners."""

    serializer_class = serializers.BriefingSerializer
    listed_relations = {"speakers": "pk"}
    filterset_class = filters.BriefingFilter
    search_fields = ["title", "agenda", "location"]
    ordering_fields = ["starts_at", "title", "created_at"]
    ordering = ["-starts_at", "-id"]

    def get_queryset(self):
        return self.scoped(Briefing.objects.all())

    def _briefing(self, briefing) -> Response:
        briefing = self.get_queryset().get(pk=briefing.pk)
        return Response(serializers.BriefingSerializer(briefing, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: serializers.BriefingSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel the briefing: invitees who got the invitation get a calendar cancellation (once)."""
        briefing = self.get_object()
        briefing_cancel(briefing=briefing, by=request.user)
        return self._briefing(briefing)

    @extend_schema(request=serializers.BriefingStatusSerializer, responses={200: serializers.BriefingSerializer})
    @action(detail=True, methods=["post"], url_path="set-status")
    def set_status(self, request, pk=None):
        """Mark the briefing held (once it has started), cancelled, scheduled or a draft; cancelled is final."""
        briefing = self.get_object()
        payload = serializers.BriefingStatusSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        briefing_set_status(briefing=briefing, by=request.user, **payload.validated_data)
        return self._briefing(briefing)

    @extend_schema(request=serializers.BriefingInviteSerializer, responses={201: serializers.InviteResultSerializer})
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        """Invite contacts picked by id, by organisation or by tag; each contact once (emails go out separately)."""
        briefing = self.get_object()
        payload = serializers.BriefingInviteSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        contacts = contacts_matching(
            contact_ids=[c.pk for c in data.get("contact_ids", [])],
            organisation_ids=[o.pk for o in data.get("organisation_ids", [])],
            tag_slugs=[t.slug for t in data.get("tags", [])],
        )
        batch = invitations_create(briefing=briefing, contacts=contacts, by=request.user)
        body = {
            "created": serializers.InvitationSerializer(batch.created, many=True).data,
            "already_invited": [contact.pk for contact in batch.already_invited],
        }
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=SendInvitationsSerializer, responses={202: serializers.SendResultSerializer})
    @action(detail=True, methods=["post"], url_path="send-invitations")
    def send_invitations(self, request, pk=None):
        """Email every invitee not emailed yet (the same service as the briefing page's Send button), with
        the coordinator's personal note per language ({"notes": {"fr": "..."}}). Contacts who opted out of
        invitations or whose address is suppressed are in "skipped" with the reason."""
        briefing = self.get_object()
        payload = SendInvitationsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = invitations_send(briefing=briefing, by=request.user, notes=payload.validated_data.get("notes"))
        body = {
            "queued": [invitation.public_id for invitation in report.queued],
            "already_sent": [invitation.public_id for invitation in report.already_sent],
            "skipped": [{"invitation": i.public_id, "reason": str(reason)} for i, reason in report.skipped],
        }
        return Response(serializers.SendResultSerializer(body).data, status=status.HTTP_202_ACCEPTED)


class InvitationViewSet(CampaignScopedViewSet):
    """Invitations to briefings, addressed by their public UUID; staff record answers and attendance."""

    serializer_class = serializers.InvitationSerializer
    filterset_class = filters.InvitationFilter
    search_fields = []
    contact_search_path = "contact"
    filter_backends = CONTACT_AWARE_FILTER_BACKENDS
    ordering_fields = ["status", "created_at", "answered_at"]
    ordering = ["briefing_id", "contact__full_name", "id"]
    # The briefing's campaign, kept on the invitation: a list and its count read one table.
    campaign_path = "campaign"
    lookup_field = "public_id"
    lookup_url_kwarg = "public_id"
    lookup_value_regex = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"

    def get_queryset(self):
        invitations = Invitation.objects.all()
        # One invitation's actions read its briefing; a list shows the briefing's id only.
        return self.scoped(invitations if self.action == "list" else invitations.select_related("briefing"))

    def campaign_id_for_create(self, serializer) -> int:
        return serializer.validated_data["briefing"].campaign_id

    def perform_create(self, serializer):
        self.check_campaign_role(self.campaign_id_for_create(serializer))
        data = serializer.validated_data
        batch = invitations_create(briefing=data["briefing"], contacts=[data["contact"]], by=self.request.user)
        if not batch.created:
            raise ValidationError({"contact": [_("This contact is already invited to this briefing.")]})
        serializer.instance = batch.created[0]

    def _invitation(self, invitation) -> Response:
        return Response(serializers.InvitationSerializer(invitation, context=self.get_serializer_context()).data)

    @extend_schema(request=serializers.InvitationAnswerSerializer, responses={200: serializers.InvitationSerializer})
    @action(detail=True, methods=["post"], url_path="record-answer")
    def record_answer(self, request, public_id=None):
        """Record the answer the partner gave by phone or in person (not once the briefing is cancelled or over)."""
        invitation = self.get_object()
        payload = serializers.InvitationAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        invitation = invitation_record_answer(invitation=invitation, by=request.user, **payload.validated_data)
        return self._invitation(invitation)

    @extend_schema(
        request=serializers.InvitationAttendanceSerializer, responses={200: serializers.InvitationSerializer}
    )
    @action(detail=True, methods=["post"], url_path="record-attendance")
    def record_attendance(self, request, public_id=None):
        """Record whether the invitee came (once the briefing has started; not for a cancelled one)."""
        invitation = self.get_object()
        payload = serializers.InvitationAttendanceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        invitation = invitation_record_attendance(invitation=invitation, by=request.user, **payload.validated_data)
        return self._invitation(invitation)


class OpEdViewSet(CampaignScopedViewSet):
    """Op-eds of the caller's campaigns and their language versions."""

    serializer_class = serializers.OpEdSerializer
    listed_relations = {"authors": "pk"}
    filterset_class = filters.OpEdFilter
    search_fields = ["title", "summary"]
    ordering_fields = ["title", "status", "created_at"]
    ordering = ["campaign_id", "title", "id"]

    def get_queryset(self):
        return self.scoped(OpEd.objects.all())

    @extend_schema(request=serializers.OpEdStatusSerializer, responses={200: serializers.OpEdSerializer})
    @action(detail=True, methods=["post"], url_path="set-status")
    def set_status(self, request, pk=None):
        """Move the op-ed to another column: idea, drafting, ready, dropped (placed: record a placement)."""
        op_ed = self.get_object()
        payload = serializers.OpEdStatusSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        oped_set_status(op_ed=op_ed, by=request.user, **payload.validated_data)
        op_ed = self.get_queryset().get(pk=op_ed.pk)
        return Response(serializers.OpEdSerializer(op_ed, context=self.get_serializer_context()).data)


class PitchViewSet(CampaignScopedViewSet):
    """Pitches of op-eds to outlets; staff record answers and placements."""

    serializer_class = serializers.PitchSerializer
    filterset_class = filters.PitchFilter
    search_fields = ["outcome", "outlet__name", "op_ed__title"]
    ordering_fields = ["pitched_on", "follow_up_on", "position", "status", "created_at"]
    ordering = ["op_ed_id", "position", "id"]
    # The op-ed's campaign, kept on the pitch: a list and its count read one table.
    campaign_path = "campaign"

    def campaign_id_for_create(self, serializer) -> int:
        return serializer.validated_data["op_ed"].campaign_id

    def get_queryset(self):
        return self.scoped(Pitch.objects.all())

    @extend_schema(request=serializers.PitchStatusSerializer, responses={200: serializers.PitchSerializer})
    @action(detail=True, methods=["post"], url_path="set-status")
    def set_status(self, request, pk=None):
        """Pitched (with pitched_on), expired unanswered, withdrawn, or back on the list (planned)."""
        pitch = self.get_object()
        payload = serializers.PitchStatusSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pitch = pitch_set_status(pitch=pitch, by=request.user, **payload.validated_data)
        return Response(serializers.PitchSerializer(pitch, context=self.get_serializer_context()).data)

    @extend_schema(request=serializers.PitchAnswerSerializer, responses={200: serializers.PitchSerializer})
    @action(detail=True, methods=["post"], url_path="record-answer")
    def record_answer(self, request, pk=None):
        """The editor said yes or no (only a pitch awaiting an answer)."""
        pitch = self.get_object()
        payload = serializers.PitchAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pitch = pitch_record_answer(pitch=pitch, by=request.user, **payload.validated_data)
        return Response(serializers.PitchSerializer(pitch, context=self.get_serializer_context()).data)

    @extend_schema(request=serializers.PitchPlacementSerializer, responses={201: PlacementSerializer})
    @action(detail=True, methods=["post"], url_path="record-placement")
    def record_placement(self, request, pk=None):
        """The piece ran: record the placement; recording it again returns the same placement."""
        pitch = self.get_object()
        payload = serializers.PitchPlacementSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        placement = pitch_record_placement(pitch=pitch, by=request.user, **payload.validated_data)
        return Response(
            PlacementSerializer(placement, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )
