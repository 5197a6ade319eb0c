"""Admin for outlets, feeds, articles, tracked terms, mentions and placements."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from media_tracker.models import Article, Feed, Mention, Outlet, Placement, Story, TrackedTerm

RECORD_FIELDSET = (_("Record"), {"classes": ("collapse",), "fields": ("created_at", "updated_at")})
# Written by the poller only: editing them by hand would confuse conditional requests and back-off.
FEED_POLLING_FIELDS = (
    "last_polled_at",
    "last_success_at",
    "next_poll_at",
    "consecutive_failures",
    "last_error",
    "etag",
    "last_modified",
    "lease_until",
)


class FeedInline(admin.TabularInline):
    model = Feed
    fields = ("url", "title", "is_active", "poll_interval_minutes", "last_success_at", "consecutive_failures")
    readonly_fields = ("last_success_at", "consecutive_failures")
    extra = 0
    show_change_link = True


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "language", "audience_size", "website")
    list_filter = ("kind", "language", ("country", CountryFilter))
    search_fields = ("name", "website")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "kind", "country", "language", "website", "audience_size")}),
        RECORD_FIELDSET,
    )
    inlines = (FeedInline,)


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "outlet",
        "is_active",
        "poll_interval_minutes",
        "last_polled_at",
        "last_success_at",
        "next_poll_at",
        "consecutive_failures",
    )
    list_filter = ("is_active", "outlet__language", ("outlet__country", CountryFilter))
    list_select_related = ("outlet",)
    search_fields = ("url", "title", "outlet__name")
    autocomplete_fields = ("outlet",)
    readonly_fields = (*FEED_POLLING_FIELDS, "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("outlet", "url", "title", "is_active", "poll_interval_minutes")}),
        (_("Polling state"), {"fields": FEED_POLLING_FIELDS}),
        RECORD_FIELDSET,
    )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "outlet", "author", "published_at", "language")
    list_filter = ("language", ("outlet__country", CountryFilter))
    list_select_related = ("outlet",)
    search_fields = ("title", "url", "author")
    date_hierarchy = "published_at"
    autocomplete_fields = ("outlet", "feed")
    readonly_fields = ("fingerprint", "story", "link_url", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("outlet", "feed", "url", "link_url", "title", "author", "published_at", "language")}),
        (_("Text"), {"fields": ("text", "fingerprint", "story")}),
        RECORD_FIELDSET,
    )


@admin.register(TrackedTerm)
class TrackedTermAdmin(admin.ModelAdmin):
    list_display = ("term", "campaign", "kind", "source", "is_active")
    list_filter = ("kind", "source", "is_active", "campaign")
    list_select_related = ("campaign",)
    search_fields = ("term", "campaign__name")
    autocomplete_fields = ("campaign",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ("article", "campaign", "published_at", "found_at")
    list_filter = ("campaign",)
    list_select_related = ("article", "campaign")
    search_fields = ("article__title", "snippet")
    date_hierarchy = "published_at"
    autocomplete_fields = ("article", "campaign", "terms")
    readonly_fields = ("found_at",)


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ("__str__", "campaign", "outlet", "kind", "published_on")
    list_filter = ("kind", "campaign", ("outlet__country", CountryFilter))
    list_select_related = ("campaign", "outlet")
    search_fields = ("title", "url", "outlet__name")
    date_hierarchy = "published_on"
    autocomplete_fields = ("campaign", "outlet", "op_ed", "pitch", "article", "spokespeople")
    readonly_fields = ("owner_notified_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("campaign", "kind", "outlet", "published_on", "title", "url", "owner_notified_at")}),
        (_("Linked to"), {"fields": ("op_ed", "pitch", "article", "spokespeople")}),
        RECORD_FIELDSET,
    )


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("title", "first_seen_at")
    search_fields = ("title", "fingerprint")
    readonly_fields = ("fingerprint", "title", "first_seen_at")
