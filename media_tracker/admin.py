"""Admin for outlets, feeds, articles, tracked terms, mentions and placements."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from config.admin_actions import ServiceErrorsInAdmin, service_action
from media_tracker.models import (
    AlertSubscription,
    Article,
    ExclusivityBreach,
    Feed,
    Mention,
    Notification,
    Outlet,
    Placement,
    Story,
    TrackedTerm,
)
from media_tracker.services.alerts import alert_unsubscribe
from media_tracker.services.directory import (
    article_archive,
    article_delete,
    article_unarchive,
    outlet_archive,
    outlet_delete,
    outlet_unarchive,
)
from media_tracker.services.mentions import mention_mark_relevance
from media_tracker.services.placements import (
    PLACEMENT_EDITABLE_FIELDS,
    placement_delete,
    placement_record,
    placement_update,
)
from media_tracker.services.terms import EDITABLE, tracked_term_create, tracked_term_update

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


class SharedRecordAdmin(ServiceErrorsInAdmin, admin.ModelAdmin):
    """An outlet or an article: archived and deleted through media_tracker/services/directory.py."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "Delete" goes through the service, one by one
        return actions

    def delete_model(self, request, obj) -> None:
        self.delete(obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete(obj, by=request.user)

    def get_deleted_objects(self, objs, request):
        # What still refers to a record is for the delete service to say (it refuses, and why).
        deleted, model_count, perms_needed, _protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, perms_needed, []


@admin.register(Outlet)
class OutletAdmin(SharedRecordAdmin):
    list_display = ("name", "kind", "country", "language", "audience_size", "website", "archived_at")
    list_filter = ("kind", "language", ("archived_at", admin.EmptyFieldListFilter), ("country", CountryFilter))
    search_fields = ("name", "website")
    readonly_fields = ("archived_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "kind", "country", "language", "website", "audience_size", "archived_at")}),
        RECORD_FIELDSET,
    )
    inlines = (FeedInline,)
    actions = (
        service_action(
            name="archive",
            description=_("Archive the selected (hidden from lists, kept for the campaigns)"),
            call=lambda *, obj, by: outlet_archive(outlet=obj, by=by),
            done_message=_("%(count)d archived."),
        ),
        service_action(
            name="unarchive",
            description=_("Bring the selected back from the archive"),
            call=lambda *, obj, by: outlet_unarchive(outlet=obj, by=by),
            done_message=_("%(count)d brought back."),
        ),
    )

    @staticmethod
    def delete(obj, *, by) -> None:
        outlet_delete(outlet=obj, by=by)


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
class ArticleAdmin(SharedRecordAdmin):
    list_display = ("title", "outlet", "author", "published_at", "language", "archived_at")
    list_filter = ("language", ("archived_at", admin.EmptyFieldListFilter), ("outlet__country", CountryFilter))
    list_select_related = ("outlet",)
    search_fields = ("title", "url", "author")
    date_hierarchy = "published_at"
    autocomplete_fields = ("outlet", "feed")
    readonly_fields = ("fingerprint", "story", "link_url", "archived_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("outlet", "feed", "url", "link_url", "title", "author", "published_at", "language")}),
        (_("Text"), {"fields": ("text", "fingerprint", "story", "archived_at")}),
        RECORD_FIELDSET,
    )
    actions = (
        service_action(
            name="archive",
            description=_("Archive the selected (hidden from lists, kept for the campaigns)"),
            call=lambda *, obj, by: article_archive(article=obj, by=by),
            done_message=_("%(count)d archived."),
        ),
        service_action(
            name="unarchive",
            description=_("Bring the selected back from the archive"),
            call=lambda *, obj, by: article_unarchive(article=obj, by=by),
            done_message=_("%(count)d brought back."),
        ),
    )

    @staticmethod
    def delete(obj, *, by) -> None:
        article_delete(article=obj, by=by)


@admin.register(TrackedTerm)
class TrackedTermAdmin(ServiceErrorsInAdmin, admin.ModelAdmin):
    list_display = ("term", "campaign", "kind", "language", "exact", "source", "is_active")
    list_filter = ("kind", "source", "language", "exact", "is_active", "campaign")
    list_select_related = ("campaign",)
    search_fields = ("term", "campaign__name")
    autocomplete_fields = ("campaign",)
    readonly_fields = ("source", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("campaign", "term", "kind", "language", "exact", "is_active", "source")}),
        (_("Other languages and exclusions"), {"fields": ("forms", "exclusions")}),
        RECORD_FIELDSET,
    )

    def get_readonly_fields(self, request, obj=None):
        # A term stays in its campaign.
        return (*self.readonly_fields, "campaign") if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        """Through the same services as the staff UI and the API (its rules, its normalising)."""
        values = {name: form.cleaned_data[name] for name in EDITABLE if name in form.cleaned_data}
        if change:
            saved = tracked_term_update(tracked_term=obj, by=request.user, **values)
        else:
            saved = tracked_term_create(campaign=form.cleaned_data["campaign"], by=request.user, **values)
        obj.pk, obj.forms, obj.exclusions = saved.pk, saved.forms, saved.exclusions


def _relevance_action(relevance: str, name: str, description: str):
    return service_action(
        name=name,
        description=description,
        call=lambda *, obj, by: mention_mark_relevance(mention=obj, relevance=relevance, by=by),
        done_message=_("%(count)d mentions marked."),
    )


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ("article", "campaign", "relevance", "published_at", "found_at")
    list_filter = ("relevance", "campaign")
    list_select_related = ("article", "campaign")
    search_fields = ("article__title", "snippet")
    date_hierarchy = "published_at"
    autocomplete_fields = ("article", "campaign", "terms")
    readonly_fields = ("found_at", "relevance", "reviewed_by", "reviewed_at", "changed_at")
    actions = [
        _relevance_action(Mention.Relevance.RELEVANT, "mark_relevant", _("Mark relevant")),
        _relevance_action(Mention.Relevance.IRRELEVANT, "mark_irrelevant", _("Mark not relevant")),
        _relevance_action(Mention.Relevance.UNREVIEWED, "mark_unreviewed", _("Mark not reviewed")),
    ]


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(ServiceErrorsInAdmin, admin.ModelAdmin):
    """Each person chooses their alerts on the alerts page; here they are listed and can be removed."""

    list_display = ("user", "campaign", "term", "op_ed", "created_at")
    list_filter = ("campaign",)
    list_select_related = ("user", "campaign", "term", "op_ed")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        # The bulk delete skips delete_model (and so the service): remove alerts one by one.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        alert_unsubscribe(subscription=obj, by=request.user)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "campaign", "created_at", "read_at", "emailed_at")
    list_filter = ("kind", "campaign")
    list_select_related = ("user", "campaign")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExclusivityBreach)
class ExclusivityBreachAdmin(admin.ModelAdmin):
    list_display = ("pitch", "article", "reason", "found_at")
    list_filter = ("reason",)
    list_select_related = ("pitch__op_ed", "pitch__outlet", "article")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Placement)
class PlacementAdmin(ServiceErrorsInAdmin, admin.ModelAdmin):
    """Placements, written through the placement services: one with a pitch marks the pitch and its
    op-ed placed (as the pitch's "Record where it ran" action does); its campaign, op-ed and pitch
    are fixed once recorded; deleting one puts its pitch back to awaiting an answer."""

    list_display = ("__str__", "campaign", "outlet", "kind", "published_on")
    list_filter = ("kind", "campaign", ("outlet__country", CountryFilter))
    list_select_related = ("campaign", "outlet")
    search_fields = ("title", "url", "outlet__name")
    date_hierarchy = "published_on"
    autocomplete_fields = ("campaign", "outlet", "op_ed", "pitch", "article", "spokespeople")
    fieldsets = (
        (None, {"fields": ("campaign", "kind", "outlet", "published_on", "title", "url", "owner_notified_at")}),
        (_("Linked to"), {"fields": ("op_ed", "pitch", "article", "spokespeople")}),
        RECORD_FIELDSET,
    )

    def get_readonly_fields(self, request, obj=None):
        fixed = ("owner_notified_at", "created_at", "updated_at")
        if obj is None:
            return fixed
        links = ("campaign", "op_ed", "pitch", "outlet") if obj.pitch_id else ("campaign", "op_ed", "pitch")
        return (*links, *fixed)

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        if change:
            changes = {name: data[name] for name in form.changed_data if name in PLACEMENT_EDITABLE_FIELDS}
            placement_update(placement=obj, by=request.user, changes=changes)
            return
        fields = ("campaign", "outlet", "published_on", "kind", "title", "url", "op_ed", "pitch", "article")
        created = placement_record(
            by=request.user,
            spokespeople=list(data["spokespeople"]) or None,
            **{name: data[name] for name in fields if name in data},
        )
        obj.pk = created.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change) -> None:
        pass  # the spokespeople were set by the service; no inlines

    def delete_model(self, request, obj) -> None:
        placement_delete(placement=obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for placement in queryset:
            placement_delete(placement=placement, by=request.user)


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("title", "first_seen_at")
    search_fields = ("title", "fingerprint")
    readonly_fields = ("fingerprint", "title", "first_seen_at")
