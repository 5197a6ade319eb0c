"""Admin for organisations, contacts and the outreach done with them."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter

from outreach.models import (
    Briefing,
    Contact,
    DailyRun,
    Interaction,
    Invitation,
    OpEd,
    Organisation,
    OutgoingEmail,
    Pitch,
    Tag,
)
from outreach.services.invitations import briefing_update

RECORD_FIELDSET = (_("Record"), {"classes": ("collapse",), "fields": ("created_at", "updated_at")})


class ContactInline(admin.TabularInline):
    """The organisation's people, to open; they are edited on their own page."""

    model = Contact
    fields = ("full_name", "title", "email", "country")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    # Deleting here would delete the person, not just unlink them.
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "is_partner", "website")
    list_filter = ("kind", "is_partner", ("country", CountryFilter))
    search_fields = ("name", "website")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = ((None, {"fields": ("name", "kind", "country", "website", "is_partner", "notes")}), RECORD_FIELDSET)
    inlines = (ContactInline,)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("full_name", "organisation", "title", "email", "country", "preferred_language")
    list_filter = ("preferred_language", "tags", "organisation__kind", ("country", CountryFilter))
    list_select_related = ("organisation",)
    search_fields = ("full_name", "email", "title", "organisation__name")
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("tags",)
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("full_name", "name_variants", "organisation", "title", "email", "phone", "country")}),
        (_("Languages"), {"fields": ("languages", "preferred_language")}),
        (None, {"fields": ("tags", "notes")}),
        RECORD_FIELDSET,
    )


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = (
        "occurred_at",
        "channel",
        "contact",
        "organisation",
        "campaign",
        "logged_by",
        "follow_up_on",
        "done",
    )
    list_filter = ("channel", "done", "campaign", "logged_by")
    list_select_related = ("contact", "organisation", "campaign", "logged_by")
    search_fields = ("summary", "next_step", "contact__full_name", "organisation__name")
    date_hierarchy = "occurred_at"
    autocomplete_fields = ("campaign", "contact", "organisation", "logged_by")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("campaign", "contact", "organisation", "channel", "occurred_at", "summary", "logged_by")}),
        (_("Follow-up"), {"fields": ("next_step", "follow_up_on", "snoozed_until", "done", "done_at")}),
        RECORD_FIELDSET,
    )


class InvitationInline(admin.TabularInline):
    model = Invitation
    fields = ("contact", "status", "attended", "sent_at", "answered_at")
    readonly_fields = ("sent_at",)
    autocomplete_fields = ("contact",)
    extra = 0


@admin.register(Briefing)
class BriefingAdmin(admin.ModelAdmin):
    list_display = ("title", "campaign", "status", "starts_at", "time_zone", "location")
    list_filter = ("status", "campaign")
    list_select_related = ("campaign",)
    search_fields = ("title", "agenda", "location", "campaign__name")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("campaign", "speakers")
    readonly_fields = ("uid", "sequence", "created_by", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("campaign", "title", "status", "agenda", "speakers")}),
        (_("When and where"), {"fields": ("starts_at", "ends_at", "time_zone", "location", "online_url")}),
        (_("Calendar"), {"classes": ("collapse",), "fields": ("uid", "sequence")}),
        (_("Record"), {"classes": ("collapse",), "fields": ("created_by", "created_at", "updated_at")}),
    )
    inlines = (InvitationInline,)

    # Calendar clients only replace an event whose sequence went up.

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
            super().save_model(request, obj, form, change)
            return
        # Through the same service as the API: moving or cancelling emails the invitees.
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
        m2m = {field.name for field in obj._meta.many_to_many}
        report = briefing_update(
            briefing=obj, by=request.user, changes={k: v for k, v in changes.items() if k not in m2m}
        )
        obj.refresh_from_db()
        if report.queued:
            self.message_user(
                request,
                ngettext(
                    "%(count)d invitee will get the updated calendar entry.",
                    "%(count)d invitees will get the updated calendar entry.",
                    len(report.queued),
                )
                % {"count": len(report.queued)},
            )

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Invitation:
            return super().save_formset(request, form, formset, change)
        for invitation in formset.save(commit=False):
            if invitation.invited_by_id is None:
                invitation.invited_by = request.user
            invitation.save()
        for invitation in formset.deleted_objects:
            invitation.delete()
        formset.save_m2m()


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("contact", "briefing", "status", "attended", "sent_at", "answered_at")
    list_filter = ("status", "attended", "briefing__campaign")
    list_select_related = ("contact", "briefing")
    search_fields = ("contact__full_name", "contact__email", "briefing__title")
    autocomplete_fields = ("briefing", "contact", "invited_by")
    readonly_fields = ("public_id", "sent_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("briefing", "contact", "status", "attended", "answered_at")}),
        (_("Sending"), {"fields": ("invited_by", "sent_at", "public_id")}),
        RECORD_FIELDSET,
    )

    def save_model(self, request, obj, form, change) -> None:
        if not change and obj.invited_by_id is None:
            obj.invited_by = request.user
        super().save_model(request, obj, form, change)


class PitchInline(admin.TabularInline):
    model = Pitch
    fields = ("position", "outlet", "editor", "status", "pitched_on", "follow_up_on", "answered_on", "owner")
    autocomplete_fields = ("outlet", "editor", "owner")
    extra = 0


class LanguageVersionInline(admin.TabularInline):
    """The translations of an original piece; each is added and edited as an op-ed of its own."""

    model = OpEd
    fk_name = "version_of"
    fields = ("title", "language", "status")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False
    verbose_name = _("language version")
    verbose_name_plural = _("language versions")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OpEd)
class OpEdAdmin(admin.ModelAdmin):
    list_display = ("title", "campaign", "language", "status", "version_of", "owner")
    list_filter = ("status", "language", "campaign")
    list_select_related = ("campaign", "version_of", "owner")
    search_fields = ("title", "summary", "campaign__name")
    autocomplete_fields = ("campaign", "authors", "version_of", "owner")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("campaign", "title", "language", "version_of", "status", "authors", "owner", "summary")}),
        (_("Text"), {"classes": ("collapse",), "fields": ("text",)}),
        RECORD_FIELDSET,
    )
    inlines = (PitchInline, LanguageVersionInline)


@admin.register(Pitch)
class PitchAdmin(admin.ModelAdmin):
    list_display = ("op_ed", "outlet", "editor", "status", "pitched_on", "follow_up_on", "answered_on", "owner")
    list_filter = ("status", "op_ed__campaign", "owner")
    list_select_related = ("op_ed", "outlet", "editor", "owner")
    search_fields = ("op_ed__title", "outlet__name", "editor__full_name")
    date_hierarchy = "pitched_on"
    autocomplete_fields = ("op_ed", "outlet", "editor", "owner")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("op_ed", "outlet", "editor", "owner", "position")}),
        (_("Progress"), {"fields": ("status", "pitched_on", "follow_up_on", "answered_on", "outcome")}),
        (_("Exclusivity"), {"fields": ("exclusive_until",)}),
        RECORD_FIELDSET,
    )

    def get_queryset(self, request):
        # Placement's pitch autocomplete lists pitches by __str__ (op-ed and outlet). Selecting here
        # makes the changelist skip list_select_related, so this names the same relations.
        return super().get_queryset(request).select_related(*self.list_select_related)


# --- The email outbox and the daily-job claims: written by the services only ----------


class ReadOnlyAdmin(admin.ModelAdmin):
    # Rows are written by the services only: one added or edited here would bypass the claim.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "recipient", "language", "status", "attempts", "sent_at", "last_error")
    list_filter = ("status", "kind", "language")
    search_fields = ("recipient", "dedupe_key", "subject")
    date_hierarchy = "created_at"


@admin.register(DailyRun)
class DailyRunAdmin(ReadOnlyAdmin):
    list_display = ("job", "day", "detail", "created_at")
    search_fields = ("job",)
