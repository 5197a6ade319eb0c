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
    DemoRecord,
    Evidence,
    ExitCriterion,
    Membership,
    MentionDailyCount,
    MentionRollup,
    Objective,
    ObjectiveStatusChange,
    QuarterlyShareLink,
    QuarterlyUpdate,
    QuarterlyVersion,
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
from campaigns.services.asks import (
    UNKNOWN_ASK_STATUS,
    objective_change_status,
    objective_create,
    objective_delete,
    objective_update,
)
from campaigns.services.evidence import evidence_unlink
from campaigns.services.exit_criteria import (
    UNKNOWN_STATE,
    exit_criterion_create,
    exit_criterion_set_state,
    exit_criterion_update,
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
    """Asks are written here; their status moves through the asks' "Change status" action, and an ask
    is deleted from its own page (one with evidence is kept)."""

    model = Objective
    fields = ("position", "title", "target", "status")
    readonly_fields = ("status",)
    extra = 0
    can_delete = False
    show_change_link = True


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
    confirm_exit = forms.BooleanField(
        label=_("I have checked the exit criteria"),
        required=False,
        help_text=_("Needed to move a campaign with exit criteria to monitoring or closed."),
    )


def _campaign_change_status(*, obj: Campaign, by, status: str, note: str, confirm_exit: bool) -> None:
    campaign_change_status(campaign=obj, to_status=status, by=by, note=note, confirm_exit=confirm_exit)


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


class ObjectiveStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"), choices=Objective.Status.choices, error_messages={"invalid_choice": UNKNOWN_ASK_STATUS}
    )
    note = forms.CharField(label=_("Why"), required=False, max_length=500)


def _objective_change_status(*, obj: Objective, by, status: str, note: str) -> None:
    objective_change_status(objective=obj, to_status=status, by=by, note=note)


class ObjectiveStatusChangeInline(admin.TabularInline):
    """The ask's status history, read-only: written when its status changes."""

    model = ObjectiveStatusChange
    fields = ("changed_at", "from_status", "to_status", "changed_by", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EvidenceInline(admin.TabularInline):
    """What served the ask; linked from the product's pages, the API or the evidence list."""

    model = Evidence
    fk_name = "objective"
    fields = ("occurred_on", "kind", "label", "url", "added_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Objective)
class ObjectiveAdmin(ServiceErrorsInAdmin, admin.ModelAdmin):
    """Asks. The status is read-only: "Change status" moves it through the same service as the ask's
    page and the API, which records who moved it and why."""

    list_display = ("title", "campaign", "target", "status", "position")
    list_filter = ("status", "campaign")
    list_select_related = ("campaign",)
    search_fields = ("title", "target", "description", "campaign__name")
    autocomplete_fields = ("campaign", "target_organisation", "target_contacts")
    readonly_fields = ("status", "created_at", "updated_at")
    inlines = (ObjectiveStatusChangeInline, EvidenceInline)
    actions = (
        service_action(
            name="change_status",
            description=_("Change status"),
            call=_objective_change_status,
            form_class=ObjectiveStatusForm,
            done_message=_("%(count)d asks moved to the new status."),
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        return ("campaign", *self.readonly_fields) if obj else self.readonly_fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one by one, through objective_delete
        return actions

    def save_model(self, request, obj, form, change) -> None:
        data = {name: form.cleaned_data[name] for name in ("title", "target", "description", "position")}
        data["target_organisation"] = form.cleaned_data.get("target_organisation")
        if change:
            saved = objective_update(objective=obj, by=request.user, changes=data)
        else:
            saved = objective_create(campaign=form.cleaned_data["campaign"], by=request.user, **data)
        obj.pk = saved.pk

    def get_deleted_objects(self, objs, request):
        # Evidence restricts the deletion (it is never deleted with its ask): objective_delete refuses it
        # with the reason the other doors give, rather than the admin's list of "protected" rows.
        deleted, model_count, _perms_needed, _protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, set(), []

    def delete_model(self, request, obj) -> None:
        objective_delete(objective=obj, by=request.user)


@admin.register(ObjectiveStatusChange)
class ObjectiveStatusChangeAdmin(admin.ModelAdmin):
    list_display = ("objective", "from_status", "to_status", "changed_by", "changed_at")
    list_filter = ("to_status", "objective__campaign")
    list_select_related = ("objective", "changed_by")
    search_fields = ("objective__title", "note")
    date_hierarchy = "changed_at"
    readonly_fields = ("objective", "from_status", "to_status", "changed_by", "changed_at", "note")

    def has_add_permission(self, request) -> bool:
        return False  # written by the status change itself


def _evidence_unlink(*, obj: Evidence, by) -> None:
    evidence_unlink(evidence=obj, by=by)


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    """Evidence is linked from the product's pages and the API (where its campaign is checked) and
    unlinked here with "Unlink"; a link is never edited."""

    list_display = ("label", "objective", "kind", "occurred_on", "added_by")
    list_filter = ("kind", "campaign")
    list_select_related = ("objective", "added_by")
    search_fields = ("label", "note", "objective__title")
    date_hierarchy = "occurred_on"
    actions = (
        service_action(
            name="unlink",
            description=_("Unlink the selected evidence"),
            call=_evidence_unlink,
            done_message=_("%(count)d pieces of evidence unlinked."),
        ),
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ExitStateForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), choices=ExitCriterion.State.choices, error_messages={"invalid_choice": UNKNOWN_STATE}
    )
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")
    state_on = forms.DateField(label=_("As of"), required=False)


def _exit_criterion_set_state(*, obj: ExitCriterion, by, state: str, evidence: str, evidence_url: str, state_on):
    exit_criterion_set_state(
        criterion=obj, state=state, by=by, evidence=evidence, evidence_url=evidence_url, on=state_on
    )


@admin.register(ExitCriterion)
class ExitCriterionAdmin(ServiceErrorsInAdmin, admin.ModelAdmin):
    """Exit criteria. State, evidence and date are read-only: "Record the state" sets them through the
    same service as the campaign page and the API."""

    list_display = ("text", "campaign", "state", "state_on", "position")
    list_filter = ("state", "campaign")
    list_select_related = ("campaign",)
    search_fields = ("text", "evidence", "campaign__name")
    autocomplete_fields = ("campaign",)
    readonly_fields = ("state", "evidence", "evidence_url", "state_on", "updated_by", "created_at", "updated_at")
    actions = (
        service_action(
            name="set_state",
            description=_("Record the state"),
            call=_exit_criterion_set_state,
            form_class=ExitStateForm,
            done_message=_("%(count)d exit criteria updated."),
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        return ("campaign", *self.readonly_fields) if obj else self.readonly_fields

    def save_model(self, request, obj, form, change) -> None:
        if change:
            exit_criterion_update(criterion=obj, by=request.user, text=obj.text, position=obj.position)
        else:
            saved = exit_criterion_create(campaign=obj.campaign, text=obj.text, position=obj.position, by=request.user)
            obj.pk = saved.pk


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


@admin.register(QuarterlyUpdate)
class QuarterlyUpdateAdmin(admin.ModelAdmin):
    """Quarterly updates are drafted, edited and frozen on the campaign's quarterly pages."""

    list_display = ("campaign", "year", "quarter", "language", "status", "updated_at")
    list_filter = ("status", "language", "campaign")
    list_select_related = ("campaign",)
    search_fields = ("campaign__name",)
    readonly_fields = ("campaign", "year", "quarter", "language", "status", "edits", "created_by")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(QuarterlyVersion)
class QuarterlyVersionAdmin(admin.ModelAdmin):
    """Frozen versions: kept as they were frozen, never edited."""

    list_display = ("update", "number", "frozen_at", "frozen_by")
    list_select_related = ("update__campaign", "frozen_by")
    search_fields = ("update__campaign__name",)
    readonly_fields = ("update", "number", "document", "frozen_at", "frozen_by")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(QuarterlyShareLink)
class QuarterlyShareLinkAdmin(admin.ModelAdmin):
    list_display = ("version", "created_by", "created_at", "revoked_at")
    list_filter = ("revoked_at",)
    list_select_related = ("version__update__campaign", "created_by")
    search_fields = ("version__update__campaign__name",)
    readonly_fields = ("version", "created_by", "created_at", "revoked_at", "revoked_by")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(DemoRecord)
class DemoRecordAdmin(admin.ModelAdmin):
    """What seed_demo created once: read here; deleting an entry lets the next run create that row again."""

    list_display = ("key", "model", "object_id", "created_at")
    list_filter = ("model",)
    search_fields = ("key",)
    readonly_fields = ("key", "model", "object_id", "created_at")

    def has_add_permission(self, request) -> bool:
        return False
