"""Outlets, feeds and articles (shared directories) and a campaign's media pickup."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from campaigns.api.base import (
    CURSOR_FILTER_BACKENDS,
    ApiViewSetMixin,
    ArchivedRecordsMixin,
    CampaignScopedViewSet,
    DirectoryViewSet,
    call_refusing_as,
    visible_campaign_ids,
)
from campaigns.api.pagination import NewestFirstCursorPagination
from media_tracker.api import filters, serializers
from media_tracker.models import AlertSubscription, Article, Feed, Mention, Notification, Outlet, Placement, TrackedTerm
from media_tracker.services.alerts import alert_unsubscribe, notifications_mark_read
from media_tracker.services.directory import (
    article_archive,
    article_delete,
    article_unarchive,
    outlet_archive,
    outlet_delete,
    outlet_unarchive,
)
from media_tracker.services.mentions import mention_mark_relevance
from media_tracker.services.placements import placement_delete
from outreach.api.views import archive_actions


class OutletViewSet(ArchivedRecordsMixin, DirectoryViewSet):
    """Newspapers, broadcasters, wires...: a directory shared by every campaign (archived ones left
    out of lists: ?archived=)."""

    serializer_class = serializers.OutletSerializer
    filterset_class = filters.OutletFilter
    search_fields = ["name", "website"]
    ordering_fields = ["name", "country", "language", "audience_size", "created_at"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return self.without_archived(Outlet.objects.all())

    def perform_destroy(self, instance):
        """An administrator or a coordinator of every campaign that refers to it (403 otherwise), and
        only once no article, pitch or placement refers to it (409): archive it instead."""
        call_refusing_as(outlet_delete, outlet=instance, by=self.request.user)

    archive, unarchive = archive_actions(
        model_name="outlet", archive=outlet_archive, unarchive=outlet_unarchive, serializer=serializers.OutletSerializer
    )


class FeedViewSet(DirectoryViewSet):
    """Feeds the media tracker polls."""

    queryset = Feed.objects.all()
    serializer_class = serializers.FeedSerializer
    filterset_class = filters.FeedFilter
    search_fields = ["url", "title"]
    ordering_fields = ["url", "next_poll_at", "created_at"]
    ordering = ["outlet_id", "url", "id"]


class ArticleViewSet(ArchivedRecordsMixin, DirectoryViewSet):
    """Articles read from the feeds, newest first (cursor pagination; archived ones left out: ?archived=)."""

    serializer_class = serializers.ArticleSerializer
    filterset_class = filters.ArticleFilter
    filter_backends = CURSOR_FILTER_BACKENDS
    pagination_class = NewestFirstCursorPagination
    search_fields = ["title", "author"]

    def get_queryset(self):
        return self.without_archived(Article.objects.all())

    def perform_destroy(self, instance):
        """An administrator or a coordinator of every campaign with a mention of it or a placement
        linked to it (403 otherwise); its mentions go with it. Anyone else archives it."""
        call_refusing_as(article_delete, article=instance, by=self.request.user)

    archive, unarchive = archive_actions(
        model_name="article",
        archive=article_archive,
        unarchive=article_unarchive,
        serializer=serializers.ArticleSerializer,
    )


class TrackedTermViewSet(CampaignScopedViewSet):
    """The words and names a campaign looks for in the press."""

    serializer_class = serializers.TrackedTermSerializer
    filterset_class = filters.TrackedTermFilter
    search_fields = ["term"]
    ordering_fields = ["term", "kind", "created_at"]
    ordering = ["campaign_id", "term", "id"]

    def get_queryset(self):
        return self.scoped(TrackedTerm.objects.all())


class MentionViewSet(ApiViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Articles that matched a campaign's tracked terms, newest first (cursor pagination); read-only."""

    serializer_class = serializers.MentionSerializer
    listed_relations = {"terms": "pk"}
    filterset_class = filters.MentionFilter
    filter_backends = CURSOR_FILTER_BACKENDS
    pagination_class = NewestFirstCursorPagination
    search_fields = ["snippet", "article__title"]

    def get_queryset(self):
        mentions = Mention.objects.filter(campaign_id__in=visible_campaign_ids(self.request)).select_related("article")
        if self.action == "list":
            # The columns shown, of the mention and of its article (never the article's whole text).
            shown = serializers.MentionSerializer.Meta.fields
            article = [f"article__{name}" for name in serializers.MentionArticleSerializer.Meta.fields]
            return mentions.only(*[name for name in shown if name != "terms"], *article)
        return mentions.defer("article__text")

    @extend_schema(request=serializers.MentionRelevanceSerializer, responses={200: serializers.MentionSerializer})
    @action(detail=True, methods=["post"], url_path="mark-relevance")
    def mark_relevance(self, request, pk=None):
        """Staff say whether the mention is relevant (or undo it): relevant, irrelevant or unreviewed."""
        mention = self.get_object()
        payload = serializers.MentionRelevanceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        mention = mention_mark_relevance(mention=mention, by=request.user, **payload.validated_data)
        return Response(serializers.MentionSerializer(mention, context=self.get_serializer_context()).data)


class AlertSubscriptionViewSet(
    ApiViewSetMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The terms and op-eds you are alerted on at once (yours only)."""

    serializer_class = serializers.AlertSubscriptionSerializer
    queryset = AlertSubscription.objects.none()  # for the schema; each request sees its own

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return AlertSubscription.objects.filter(user=self.request.user).order_by("-created_at", "-id")

    def perform_destroy(self, instance):
        alert_unsubscribe(subscription=instance, by=self.request.user)


class NotificationViewSet(ApiViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your alerts, newest first; ``POST mark-read/`` marks them read (all, or ``ids``)."""

    serializer_class = serializers.NotificationSerializer
    queryset = Notification.objects.none()  # for the schema; each request sees its own

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return (
            Notification.objects.filter(user=self.request.user)
            .select_related("mention__article__outlet", "breach__article__outlet")
            .select_related("breach__pitch__op_ed", "breach__pitch__outlet")
            .order_by("-created_at", "-id")
        )

    @extend_schema(request=serializers.NotificationsReadSerializer, responses={200: None})
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request):
        payload = serializers.NotificationsReadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        count = notifications_mark_read(by=request.user, ids=payload.validated_data.get("ids"))
        return Response({"marked": count})


class PlacementViewSet(CampaignScopedViewSet):
    """Op-eds, comments, quotes and interviews the campaign got into outlets (written through the
    placement services; a pitch's placement is also recorded by the pitch's record-placement)."""

    serializer_class = serializers.PlacementSerializer
    listed_relations = {"spokespeople": "pk"}
    filterset_class = filters.PlacementFilter
    search_fields = ["title", "url", "outlet__name"]
    ordering_fields = ["published_on", "created_at"]
    ordering = ["-published_on", "-id"]

    def get_queryset(self):
        return self.scoped(Placement.objects.all())

    def perform_destroy(self, instance):
        placement_delete(placement=instance, by=self.request.user)
