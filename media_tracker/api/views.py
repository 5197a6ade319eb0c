"""Outlets, feeds and articles (shared directories) and a campaign's media pickup."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import mixins, viewsets

from campaigns.api.base import (
    CURSOR_FILTER_BACKENDS,
    ApiViewSetMixin,
    CampaignScopedViewSet,
    DirectoryViewSet,
    visible_campaign_ids,
)
from campaigns.api.pagination import NewestFirstCursorPagination
from media_tracker.api import filters, serializers
from media_tracker.models import Article, Feed, Mention, Outlet, Placement, TrackedTerm
from media_tracker.services.placements import placement_delete
from outreach.models import Contact


class OutletViewSet(DirectoryViewSet):
    """Newspapers, broadcasters, wires...: a directory shared by every campaign."""

    queryset = Outlet.objects.all()
    serializer_class = serializers.OutletSerializer
    filterset_class = filters.OutletFilter
    search_fields = ["name", "website"]
    ordering_fields = ["name", "country", "language", "audience_size", "created_at"]
    ordering = ["name", "id"]


class FeedViewSet(DirectoryViewSet):
    """Feeds the media tracker polls."""

    queryset = Feed.objects.all()
    serializer_class = serializers.FeedSerializer
    filterset_class = filters.FeedFilter
    search_fields = ["url", "title"]
    ordering_fields = ["url", "next_poll_at", "created_at"]
    ordering = ["outlet_id", "url", "id"]


class ArticleViewSet(DirectoryViewSet):
    """Articles read from the feeds, newest first (cursor pagination)."""

    queryset = Article.objects.all()
    serializer_class = serializers.ArticleSerializer
    filterset_class = filters.ArticleFilter
    filter_backends = CURSOR_FILTER_BACKENDS
    pagination_class = NewestFirstCursorPagination
    search_fields = ["title", "author"]


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
    filterset_class = filters.MentionFilter
    filter_backends = CURSOR_FILTER_BACKENDS
    pagination_class = NewestFirstCursorPagination
    search_fields = ["snippet", "article__title"]

    def get_queryset(self):
        return (
            Mention.objects.filter(campaign_id__in=visible_campaign_ids(self.request))
            .select_related("article")
            .prefetch_related(Prefetch("terms", queryset=TrackedTerm.objects.only("id")))
        )


class PlacementViewSet(CampaignScopedViewSet):
    """Op-eds, comments, quotes and interviews the campaign got into outlets (written through the
    placement services; a pitch's placement is also recorded by the pitch's record-placement)."""

    serializer_class = serializers.PlacementSerializer
    filterset_class = filters.PlacementFilter
    search_fields = ["title", "url", "outlet__name"]
    ordering_fields = ["published_on", "created_at"]
    ordering = ["-published_on", "-id"]

    def get_queryset(self):
        return self.scoped(
            Placement.objects.prefetch_related(Prefetch("spokespeople", queryset=Contact.objects.only("id")))
        )

    def perform_destroy(self, instance):
        placement_delete(placement=instance, by=self.request.user)
