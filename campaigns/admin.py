"""Admin for staff accounts, campaigns, their asks and their team."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from campaigns.models import (
    Campaign,
    CampaignStatusChange,
    Membership,
    MentionDailyCount,
    MentionRollup,
    Objective,
    RollupWatermark,
    User,
)
from campaigns.services import campaign_change_status

# The stock auth forms are bound to auth.User, which is swapped out here.


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta(auth_forms.AdminUserCreationForm.Meta):
        model = User


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta(auth_forms.UserChangeForm.Meta):
        model = User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Preferences"), {"fields": ("time_zone", "language")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Preferences"), {"classes": ("wide",), "fields": ("email", "time_zone", "language")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "language", "time_zone", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "language", "groups")


class ObjectiveInline(admin.TabularInline):
    model = Objective
    fields = ("position", "title", "target", "status")
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("user", "role")
    autocomplete_fields = ("user",)
    extra = 0


class CampaignStatusChangeInline(admin.TabularInline):
    """The status history, read-only: it is written when the status changes."""

    model = CampaignStatusChange
    fields = ("changed_at", "from_status", "to_status", "changed_by", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "status", "coordinator", "launched_on", "closed_on", "updated_at")
    list_filter = ("status", "coordinator")
    list_select_related = ("coordinator",)
    search_fields = ("name", "slug", "summary")
    date_hierarchy = "launched_on"
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("coordinator",)
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "slug", "status", "coordinator", "summary")}),
        (_("Dates"), {"fields": ("launched_on", "closed_on", "exit_criteria")}),
        (_("Follow-ups"), {"fields": ("follow_up_delay_days", "escalation_after_days")}),
        (_("Record"), {"classes": ("collapse",), "fields": ("created_at", "updated_at")}),
    )
    inlines = (ObjectiveInline, MembershipInline, CampaignStatusChangeInline)

    def save_model(self, request, obj, form, change) -> None:
        # A status edited here goes through the same service as the UI, so the history stays true.
        if change and "status" in form.changed_data:
            to_status, obj.status = obj.status, form.initial["status"]
            super().save_model(request, obj, form, change)
            campaign_change_status(campaign=obj, to_status=to_status, by=request.user, note=_("Changed in the admin."))
            obj.refresh_from_db()
            return
        super().save_model(request, obj, form, change)


@admin.register(CampaignStatusChange)
class CampaignStatusChangeAdmin(admin.ModelAdmin):
    list_display = ("campaign", "from_status", "to_status", "changed_by", "changed_at")
    list_filter = ("to_status", "campaign")
    list_select_related = ("campaign", "changed_by")
    search_fields = ("campaign__name", "note")
    date_hierarchy = "changed_at"
    autocomplete_fields = ("campaign", "changed_by")

    def get_readonly_fields(self, request, obj=None):
        # History is not rewritten: an existing entry is shown, not edited.
        if obj is not None:
            return ("campaign", "from_status", "to_status", "changed_by", "changed_at", "note")
        return ("changed_at",)


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ("title", "campaign", "target", "status", "position")
    list_filter = ("status", "campaign")
    list_select_related = ("campaign",)
    search_fields = ("title", "target", "description", "campaign__name")
    autocomplete_fields = ("campaign",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "campaign", "role", "created_at")
    list_filter = ("role", "campaign")
    list_select_related = ("user", "campaign")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email", "campaign__name")
    autocomplete_fields = ("user", "campaign")
    readonly_fields = ("created_at", "updated_at")


@admin.register(MentionRollup)
class MentionRollupAdmin(admin.ModelAdmin):
    """Derived counts, shown for checking; rebuilt by the refresh job, never edited."""

    list_display = ("campaign", "day", "outlet", "country", "language", "mentions")
    list_filter = ("campaign", "language")
    list_select_related = ("campaign", "outlet")
    search_fields = ("outlet__name", "country")
    date_hierarchy = "day"

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RollupWatermark)
class RollupWatermarkAdmin(admin.ModelAdmin):
    list_display = ("name", "found_up_to", "refreshed_at")
    search_fields = ("name",)
    readonly_fields = ("found_up_to", "refreshed_at")


@admin.register(MentionDailyCount)
class MentionDailyCountAdmin(admin.ModelAdmin):
    """Derived counts for the charts, rebuilt by the refresh job, never edited."""

    list_display = ("campaign", "day", "country", "language", "mentions")
    list_filter = ("campaign", "language")
    list_select_related = ("campaign",)
    search_fields = ("country", "language")
    date_hierarchy = "day"

    def has_change_permission(self, request, obj=None) -> bool:
        return False
