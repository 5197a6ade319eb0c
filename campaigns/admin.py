"""Admin for staff accounts, campaigns, their asks and their team."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from campaigns.models import (
    ApiToken,
    Campaign,
    CampaignStatusChange,
    Membership,
    MentionDailyCount,
    MentionRollup,
    Objective,
    RollupWatermark,
    User,
)
from campaigns.services import (
    UNKNOWN_STATUS,
    api_token_revoke,
    api_token_set_secret,
    campaign_change_status,
    membership_remove,
    membership_set,
)
from config.admin_actions import ServiceErrorsInAdmin, service_action

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
    """The team, read-only here: people join, change role and leave through the team actions."""

    model = Membership
    fields = ("user", "role")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


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


class CampaignStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"), choices=Campaign.Status.choices, error_messages={"invalid_choice": UNKNOWN_STATUS}
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


def _campaign_change_status(*, obj: Campaign, by, status: str, note: str) -> None:
    campaign_change_status(campaign=obj, to_status=status, by=by, note=note)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """Status and closed date are read-only here: "Change status" moves a campaign through the same
    service as the campaign page and the API, which records who moved it."""

    list_display = ("name", "status", "coordinator", "launched_on", "closed_on", "updated_at")
    list_filter = ("status", "coordinator")
    list_select_related = ("coordinator",)
    search_fields = ("name", "slug", "summary")
    date_hierarchy = "launched_on"
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("coordinator",)
    readonly_fields = ("status", "closed_on", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "slug", "status", "coordinator", "summary")}),
        (_("Dates"), {"fields": ("launched_on", "closed_on", "exit_criteria")}),
        (_("Follow-ups"), {"fields": ("follow_up_delay_days", "escalation_after_days")}),
        (_("Record"), {"classes": ("collapse",), "fields": ("created_at", "updated_at")}),
    )
    inlines = (ObjectiveInline, MembershipInline, CampaignStatusChangeInline)
    actions = (
        service_action(
            name="change_status",
            description=_("Change status"),
            call=_campaign_change_status,
            form_class=CampaignStatusForm,
            done_message=_("%(count)d campaigns moved to the new status."),
        ),
    )


@admin.register(CampaignStatusChange)
class CampaignStatusChangeAdmin(admin.ModelAdmin):
    list_display = ("campaign", "from_status", "to_status", "changed_by", "changed_at")
    list_filter = ("to_status", "campaign")
    list_select_related = ("campaign", "changed_by")
    search_fields = ("campaign__name", "note")
    date_hierarchy = "changed_at"
    readonly_fields = ("campaign", "from_status", "to_status", "changed_by", "changed_at", "note")

    def has_add_permission(self, request) -> bool:
        # History is written by the status change itself, never added or rewritten by hand.
        return False


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ("title", "campaign", "target", "status", "position")
    list_filter = ("status", "campaign")
    list_select_related = ("campaign",)
    search_fields = ("title", "target", "description", "campaign__name")
    autocomplete_fields = ("campaign",)
    readonly_fields = ("created_at", "updated_at")


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


def _membership_set_role(*, obj: Membership, by, role: str) -> None:
    membership_set(campaign=obj.campaign, user=obj.user, role=role, by=by)


def _membership_remove(*, obj: Membership, by) -> None:
    membership_remove(campaign=obj.campaign, user=obj.user, by=by)


@admin.register(Membership)
class MembershipAdmin(ServiceErrorsInAdmin, admin.ModelAdmin):
    """Who is on which team. Joining, a new role and leaving go through the team services, which
    keep a coordinator on every campaign."""

    list_display = ("user", "campaign", "role", "created_at")
    list_filter = ("role", "campaign")
    list_select_related = ("user", "campaign")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email", "campaign__name")
    autocomplete_fields = ("user", "campaign")
    actions = (
        service_action(
            name="change_role",
            description=_("Change the role of the selected people"),
            call=_membership_set_role,
            form_class=RoleForm,
            done_message=_("%(count)d roles changed."),
        ),
        service_action(
            name="remove_from_team",
            description=_("Remove the selected people from their team"),
            call=_membership_remove,
            done_message=_("%(count)d people left their team."),
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        return ("user", "campaign", "role", "created_at", "updated_at") if obj else ("created_at", "updated_at")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # "Remove from team" checks that a coordinator stays

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change) -> None:
        membership = membership_set(campaign=obj.campaign, user=obj.user, role=obj.role, by=request.user)
        obj.pk = membership.pk


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Personal API tokens; the secret is shown once, on creation, and only its hash is kept."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = ("revoked_at",)
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    autocomplete_fields = ("user",)
    fields = ("user", "name", "expires_at", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke",)

    def save_model(self, request, obj, form, change):
        if not change:
            secret = api_token_set_secret(token=obj)
            self.message_user(request, _("Copy the new token now, it will not be shown again: %s") % secret)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token, by=request.user)
