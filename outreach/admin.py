"""Admin for organisations, contacts and the outreach done with them."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter

from config.admin_actions import ServiceErrorsInAdmin, service_action
from media_tracker.models import Placement
from media_tracker.services.placements import pitch_record_placement
from outreach.mail.models import DeliveryEvent, EmailSuppression, WebhookReceipt
from outreach.models import (
    Briefing,
    Contact,
    DailyRun,
    Interaction,
    Invitation,
    Lease,
    OpEd,
    Organisation,
    OutgoingEmail,
    Pitch,
    Tag,
)
from outreach.models.consent import EmailPreferenceChange
from outreach.services import briefings as briefing_services
from outreach.services import directory
from outreach.services import opeds as oped_services
from outreach.services import pitches as pitch_services
from outreach.services.briefings import briefing_cancel, briefing_create, briefing_set_status, briefing_update
from outreach.services.consent import contact_email_preferences_set, suppression_lift
from outreach.services.interactions import (
    EDITABLE_FIELDS,
    interaction_delete,
    interaction_log,
    interaction_mark_done,
    interaction_reopen,
    interaction_snooze,
    interaction_update,
)
from outreach.services.invitations import invitation_record_answer, invitation_record_attendance, invitations_create
from outreach.services.opeds import oped_create, oped_set_status, oped_update
from outreach.services.pitches import pitch_create, pitch_record_answer, pitch_set_status, pitch_update
from outreach.services.protection import contact_record_view, contact_set_protection, organisation_set_protection
from outreach.services.rights import can_see_contact_details
from outreach.views.contact_email import EmailPreferencesForm, SuppressionLiftForm

OPED_CREATE_FIELDS = ("campaign", "title", "language", "summary", "version_of", "authors")
PITCH_CREATE_FIELDS = ("outlet", "editor", "pitched_on", "follow_up_on", "outcome", "position")

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


class DeleteConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete them"),
        help_text=_("Only records nothing refers to are deleted; merge a duplicate instead."),
    )


class OrganisationMergeActionForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        widget=forms.NumberInput,
        label=_("Id of the organisation to keep"),
        help_text=_("The number in the address of its page here."),
    )


class ContactMergeActionForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=Contact.objects.all(),
        widget=forms.NumberInput,
        label=_("Id of the contact to keep"),
        help_text=_("The number in the address of its page here."),
    )


class DirectoryAdmin(ServiceErrorsInAdmin, admin.ModelAdmin):
    """A record of the shared address book: saved, merged and deleted through the directory services."""

    editable_fields: frozenset[str]

    def create(self, *, by, values: dict):
        raise NotImplementedError

    def update(self, obj, *, by, changes: dict):
        raise NotImplementedError

    def save_model(self, request, obj, form, change) -> None:
        names = form.changed_data if change else list(form.fields)
        values = {name: form.cleaned_data[name] for name in names if name in self.editable_fields}
        if change:
            self.update(obj, by=request.user, changes=values)
        else:
            obj.pk = self.create(by=request.user, values=values).pk

    def save_related(self, request, form, formsets, change) -> None:
        # Tags were saved with the rest by the service; only the inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_deleted_objects(self, objs, request):
        # What still refers to a record is for the delete service to say (it refuses, and why).
        deleted, model_count, perms_needed, _protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, perms_needed, []

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "Delete" goes through the service
        return actions


class ContactProtectionActionForm(forms.Form):
    protected = forms.BooleanField(label=_("At risk: show the details to few people"), required=False)
    pseudonym = forms.CharField(label=_("Pseudonym (optional)"), required=False)


class OrganisationProtectionActionForm(forms.Form):
    protected = forms.BooleanField(label=_("Everyone here is at risk"), required=False)


def archive_actions(archive, unarchive):
    """The "Archive" and "Bring back" admin actions, through the directory services."""
    return (
        service_action(
            name="archive",
            description=_("Archive the selected (hidden from lists, kept for the campaigns)"),
            call=archive,
            done_message=_("%(count)d archived."),
        ),
        service_action(
            name="unarchive",
            description=_("Bring the selected back from the archive"),
            call=unarchive,
            done_message=_("%(count)d brought back."),
        ),
    )


def _organisations_merge(*, obj: Organisation, by, into: Organisation) -> None:
    directory.organisations_merge(duplicate=obj, into=into, by=by)


def _organisation_delete(*, obj: Organisation, by, confirm: bool) -> None:
    directory.organisation_delete(organisation=obj, by=by)


@admin.register(Organisation)
class OrganisationAdmin(DirectoryAdmin):
    list_display = ("name", "kind", "country", "is_partner", "is_protected", "archived_at", "website")
    list_filter = (
        "kind",
        "is_partner",
        "is_protected",
        ("archived_at", admin.EmptyFieldListFilter),
        ("country", CountryFilter),
    )
    search_fields = ("name", "website")
    readonly_fields = ("is_protected", "archived_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "kind", "country", "website", "is_partner", "notes")}),
        (_("Protection and archive"), {"fields": ("is_protected", "archived_at")}),
        RECORD_FIELDSET,
    )
    inlines = (ContactInline,)
    editable_fields = directory.ORGANISATION_FIELDS
    actions = (
        service_action(
            name="merge_into",
            description=_("Merge the selected into another organisation"),
            call=_organisations_merge,
            form_class=OrganisationMergeActionForm,
            done_message=_("%(count)d organisations merged."),
        ),
        service_action(
            name="delete_organisations",
            description=_("Delete the selected organisations"),
            call=_organisation_delete,
            form_class=DeleteConfirmForm,
            done_message=_("%(count)d organisations deleted."),
        ),
        *archive_actions(
            lambda *, obj, by: directory.organisation_archive(organisation=obj, by=by),
            lambda *, obj, by: directory.organisation_unarchive(organisation=obj, by=by),
        ),
        service_action(
            name="protect",
            description=_("Change the protection of the selected organisations"),
            call=lambda *, obj, by, protected: organisation_set_protection(
                organisation=obj, protected=protected, by=by
            ),
            form_class=OrganisationProtectionActionForm,
            done_message=_("%(count)d protections saved."),
        ),
    )

    def create(self, *, by, values):
        return directory.organisation_create(by=by, values=values)

    def update(self, obj, *, by, changes):
        return directory.organisation_update(organisation=obj, by=by, changes=changes)

    def delete_model(self, request, obj) -> None:
        directory.organisation_delete(organisation=obj, by=request.user)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


def _contacts_merge(*, obj: Contact, by, into: Contact) -> None:
    directory.contacts_merge(duplicate=obj, into=into, by=by)


def _contact_delete(*, obj: Contact, by, confirm: bool) -> None:
    directory.contact_delete(contact=obj, by=by)


@admin.register(Contact)
class ContactAdmin(DirectoryAdmin):
    list_display = ("full_name", "organisation", "title", "email", "country", "is_protected", "archived_at")
    list_filter = (
        "preferred_language",
        "is_protected",
        ("archived_at", admin.EmptyFieldListFilter),
        "tags",
        "organisation__kind",
        ("country", CountryFilter),
    )
    list_select_related = ("organisation",)
    search_fields = ("full_name", "email", "title", "organisation__name")
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("tags",)
    readonly_fields = ("is_protected", "pseudonym", "archived_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("full_name", "name_variants", "organisation", "title", "email", "phone", "country")}),
        (_("Languages"), {"fields": ("languages", "preferred_language")}),
        (None, {"fields": ("tags", "address", "notes")}),
        (_("Protection and archive"), {"fields": ("is_protected", "pseudonym", "archived_at")}),
        RECORD_FIELDSET,
    )
    editable_fields = directory.CONTACT_FIELDS
    actions = (
        service_action(
            name="merge_into",
            description=_("Merge the selected into another contact"),
            call=_contacts_merge,
            form_class=ContactMergeActionForm,
            done_message=_("%(count)d contacts merged."),
        ),
        service_action(
            name="delete_contacts",
            description=_("Delete the selected contacts"),
            call=_contact_delete,
            form_class=DeleteConfirmForm,
            done_message=_("%(count)d contacts deleted."),
        ),
        *archive_actions(
            lambda *, obj, by: directory.contact_archive(contact=obj, by=by),
            lambda *, obj, by: directory.contact_unarchive(contact=obj, by=by),
        ),
        service_action(
            name="protect",
            description=_("Change the protection of the selected contacts"),
            call=lambda *, obj, by, protected, pseudonym: contact_set_protection(
                contact=obj, protected=protected, pseudonym=pseudonym, by=by
            ),
            form_class=ContactProtectionActionForm,
            done_message=_("%(count)d protections saved."),
        ),
    )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        contact = Contact.objects.select_related("organisation").filter(pk=object_id).first()
        if contact is not None and contact.protected and request.method == "GET":
            if not can_see_contact_details(user=request.user, contact=contact):
                raise PermissionDenied
            contact_record_view(contact=contact, by=request.user)  # every view of the details is on the trail
        return super().change_view(request, object_id, form_url, extra_context)

    def create(self, *, by, values):
        return directory.contact_create(by=by, values=values)

    def update(self, obj, *, by, changes):
        return directory.contact_update(contact=obj, by=by, changes=changes)

    def delete_model(self, request, obj) -> None:
        directory.contact_delete(contact=obj, by=request.user)


class SnoozeForm(forms.Form):
    until = forms.DateField(
        label=_("Snooze until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("After today and within a year."),
    )


def _interaction_mark_done(*, obj: Interaction, by) -> None:
    interaction_mark_done(interaction=obj, by=by)


def _interaction_reopen(*, obj: Interaction, by) -> None:
    interaction_reopen(interaction=obj, by=by)


def _interaction_snooze(*, obj: Interaction, by, until) -> None:
    interaction_snooze(interaction=obj, until=until, by=by)


@admin.register(Interaction)
class InteractionAdmin(ServiceErrorsInAdmin, admin.ModelAdmin):
    """The outreach log. Done, snoozed and who logged it are read-only: the actions change them
    through the same services as the home page and the API; the campaign is set once."""

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
    autocomplete_fields = ("campaign", "contact", "organisation")
    fieldsets = (
        (None, {"fields": ("campaign", "contact", "organisation", "channel", "occurred_at", "summary", "logged_by")}),
        (_("Follow-up"), {"fields": ("next_step", "follow_up_on", "snoozed_until", "done", "done_at")}),
        RECORD_FIELDSET,
    )
    actions = (
        service_action(
            name="mark_done",
            description=_("Mark done"),
            call=_interaction_mark_done,
            done_message=_("%(count)d follow-ups marked done."),
        ),
        service_action(
            name="reopen",
            description=_("Reopen"),
            call=_interaction_reopen,
            done_message=_("%(count)d follow-ups reopened."),
        ),
        service_action(
            name="snooze",
            description=_("Snooze"),
            call=_interaction_snooze,
            form_class=SnoozeForm,
            done_message=_("%(count)d follow-ups snoozed."),
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        state = ("logged_by", "snoozed_until", "done", "done_at", "created_at", "updated_at")
        return ("campaign", *state) if obj is not None else state

    def save_model(self, request, obj, form, change) -> None:
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE_FIELDS}
            interaction_update(interaction=obj, by=request.user, changes=changes)
            return
        values = {name: form.cleaned_data[name] for name in form.fields if name in EDITABLE_FIELDS}
        obj.pk = interaction_log(campaign=form.cleaned_data["campaign"], by=request.user, **values).pk

    def delete_model(self, request, obj) -> None:
        interaction_delete(interaction=obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for interaction in queryset:
            interaction_delete(interaction=interaction, by=request.user)


# --- Briefings and invitations: every change through outreach/services/ ---------------------


def _record_formset(formset, *, new, changed, deleted) -> None:
    """What the admin's history message reads from a formset the services saved."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = new, changed, deleted


def _report_queued(modeladmin, request, report) -> None:
    if report.queued:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d invitee will get the updated calendar entry.",
                "%(count)d invitees will get the updated calendar entry.",
                len(report.queued),
            )
            % {"count": len(report.queued)},
        )


class InvitationInline(admin.TabularInline):
    """The invitees; a new row invites a contact. Answers and attendance: the invitation actions."""

    model = Invitation
    fields = ("contact", "status", "attended", "sent_at", "answered_at")
    readonly_fields = ("status", "attended", "sent_at", "answered_at")
    autocomplete_fields = ("contact",)
    extra = 0
    show_change_link = True


class BriefingStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Briefing.Status.choices)


def _briefing_cancel(*, obj: Briefing, by) -> None:
    briefing_cancel(briefing=obj, by=by)


def _briefing_set_status(*, obj: Briefing, by, status: str) -> None:
    briefing_set_status(briefing=obj, by=by, status=status)


@admin.register(Briefing)
class BriefingAdmin(ServiceErrorsInAdmin, admin.ModelAdmin):
    """Briefings, through the same services as the staff UI and the API: moving or cancelling one
    emails its invitees; the status changes through the actions."""

    list_display = ("title", "campaign", "status", "starts_at", "time_zone", "location")
    list_filter = ("status", "campaign")
    list_select_related = ("campaign",)
    search_fields = ("title", "agenda", "location", "campaign__name")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("campaign", "speakers")
    fieldsets = (
        (None, {"fields": ("campaign", "title", "status", "agenda", "speakers")}),
        (_("When and where"), {"fields": ("starts_at", "ends_at", "time_zone", "location", "online_url")}),
        (_("Calendar"), {"classes": ("collapse",), "fields": ("uid", "sequence")}),
        (_("Record"), {"classes": ("collapse",), "fields": ("created_by", "created_at", "updated_at")}),
    )
    inlines = (InvitationInline,)
    actions = (
        service_action(
            name="cancel_briefings",
            description=_("Cancel the selected briefings (invitees get a calendar cancellation)"),
            call=_briefing_cancel,
            done_message=_("%(count)d briefings cancelled."),
        ),
        service_action(
            name="set_status",
            description=_("Change the status of the selected briefings"),
            call=_briefing_set_status,
            form_class=BriefingStatusForm,
            done_message=_("%(count)d briefings changed."),
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        fixed = ("status", "uid", "sequence", "created_by", "created_at", "updated_at")
        return ("campaign", *fixed) if obj else fixed

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        if not change:
            fields = ("campaign", "title", "agenda", "speakers", *briefing_services.SCHEDULE_FIELDS, "time_zone")
            created = briefing_create(by=request.user, **{name: data[name] for name in fields if name in data})
            obj.pk = created.pk
            obj.refresh_from_db()
            return
        changes = {name: data[name] for name in briefing_services.EDITABLE_FIELDS if name in data}
        report = briefing_update(briefing=obj, by=request.user, changes=changes)
        obj.refresh_from_db()
        _report_queued(self, request, report)

    def save_related(self, request, form, formsets, change) -> None:
        # The speakers were set by the service; only the invitees are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Invitation:
            return super().save_formset(request, form, formset, change)
        new_contacts, changed, deleted = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                continue
            if inline_form.instance.pk is None:
                new_contacts.append(inline_form.cleaned_data["contact"])
            elif "contact" in inline_form.changed_data:
                raise ValidationError(_("An invitation keeps its contact: invite the other person instead."))
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk is not None:
                deleted.append(inline_form.instance)
                inline_form.instance.delete()
        batch = invitations_create(briefing=form.instance, contacts=new_contacts, by=request.user)
        _record_formset(formset, new=batch.created, changed=changed, deleted=deleted)


class InvitationAnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=Invitation.Status.choices)


class InvitationAttendanceForm(forms.Form):
    attended = forms.ChoiceField(
        label=_("Attendance"), choices=(("yes", _("Attended")), ("no", _("Absent")), ("unknown", _("Not known")))
    )


def _invitation_record_answer(*, obj: Invitation, by, answer: str) -> None:
    invitation_record_answer(invitation=obj, answer=answer, by=by)


def _invitation_record_attendance(*, obj: Invitation, by, attended: str) -> None:
    value = {"yes": True, "no": False}.get(attended)
    invitation_record_attendance(invitation=obj, attended=value, by=by)


@admin.register(Invitation)
class InvitationAdmin(ServiceErrorsInAdmin, admin.ModelAdmin):
    """Invitations: a contact is invited once; the answer (the partner gives it from the email) and
    attendance are recorded through the actions, with the rules of the staff UI and the API."""

    list_display = ("contact", "briefing", "status", "attended", "sent_at", "answered_at")
    list_filter = ("status", "attended", "campaign")
    list_select_related = ("contact", "briefing")
    search_fields = ("contact__full_name", "contact__email", "briefing__title")
    autocomplete_fields = ("briefing", "contact")
    fieldsets = (
        (None, {"fields": ("briefing", "contact", "status", "attended", "answered_at")}),
        (_("Sending"), {"fields": ("invited_by", "sent_at", "public_id")}),
        RECORD_FIELDSET,
    )
    actions = (
        service_action(
            name="record_answer",
            description=_("Record the answer of the selected invitees"),
            call=_invitation_record_answer,
            form_class=InvitationAnswerForm,
            done_message=_("%(count)d answers recorded."),
        ),
        service_action(
            name="record_attendance",
            description=_("Record the attendance of the selected invitees"),
            call=_invitation_record_attendance,
            form_class=InvitationAttendanceForm,
            done_message=_("%(count)d attendances recorded."),
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        fixed = ("status", "attended", "answered_at", "invited_by", "sent_at", "public_id", "created_at", "updated_at")
        return ("briefing", "contact", *fixed) if obj else fixed

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return  # nothing here is edited by hand
        batch = invitations_create(briefing=obj.briefing, contacts=[obj.contact], by=request.user)
        if not batch.created:
            raise ValidationError(_("This contact is already invited to this briefing."))
        obj.pk = batch.created[0].pk
        obj.refresh_from_db()


# --- Op-eds and pitches: every change through outreach/services/ (placements: media_tracker) ---


class PitchInline(admin.TabularInline):
    """The op-ed's pitches; a new row records a pitch. Their status: the pitch actions."""

    model = Pitch
    fields = ("position", "outlet", "editor", "status", "pitched_on", "follow_up_on", "answered_on", "owner")
    readonly_fields = ("status", "answered_on")
    autocomplete_fields = ("outlet", "editor", "owner")
    extra = 0
    show_change_link = True


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


class OpEdStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=OpEd.Status.choices)


def _oped_set_status(*, obj: OpEd, by, status: str) -> None:
    oped_set_status(op_ed=obj, status=status, by=by)


def _save_pitch_rows(request, formset, *, op_ed: OpEd | None = None) -> None:
    """New rows of a pitch formset are recorded with pitch_create, edited ones with pitch_update."""
    new, changed, deleted = [], [], []
    for inline_form in formset.forms:
        if not inline_form.has_changed() or inline_form in formset.deleted_forms:
            continue
        data = inline_form.cleaned_data
        pitch = inline_form.instance
        if pitch.pk is None:
            created = pitch_create(
                op_ed=op_ed or pitch.op_ed,
                by=request.user,
                **{name: data[name] for name in PITCH_CREATE_FIELDS if name in data},
            )
            if data.get("owner") and data["owner"] != request.user:
                created = pitch_update(pitch=created, by=request.user, changes={"owner": data["owner"]})
            new.append(created)
        else:
            changes = {name: data[name] for name in inline_form.changed_data if name in pitch_services.EDITABLE_FIELDS}
            changed.append((pitch_update(pitch=pitch, by=request.user, changes=changes), list(changes)))
    for inline_form in formset.deleted_forms:
        if inline_form.instance.pk is not None:
            deleted.append(inline_form.instance)
            inline_form.instance.delete()
    _record_formset(formset, new=new, changed=changed, deleted=deleted)


@admin.register(OpEd)
class OpEdAdmin(ServiceErrorsInAdmin, admin.ModelAdmin):
    """Op-eds: the campaign is fixed once created; the status moves through the action ("placed"
    by recording a placement of a pitch)."""

    list_display = ("title", "campaign", "language", "status", "version_of", "owner")
    list_filter = ("status", "language", "campaign")
    list_select_related = ("campaign", "version_of", "owner")
    search_fields = ("title", "summary", "campaign__name")
    autocomplete_fields = ("campaign", "authors", "version_of", "owner")
    fieldsets = (
        (None, {"fields": ("campaign", "title", "language", "version_of", "status", "authors", "owner", "summary")}),
        (_("Text"), {"classes": ("collapse",), "fields": ("text",)}),
        RECORD_FIELDSET,
    )
    inlines = (PitchInline, LanguageVersionInline)
    actions = (
        service_action(
            name="set_status",
            description=_("Move the selected op-eds to another column"),
            call=_oped_set_status,
            form_class=OpEdStatusForm,
            done_message=_("%(count)d op-eds moved."),
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        fixed = ("status", "created_at", "updated_at")
        return ("campaign", *fixed) if obj else fixed

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        if change:
            changes = {name: value for name, value in data.items() if name in oped_services.EDITABLE_FIELDS}
            oped_update(op_ed=obj, by=request.user, changes=changes)
            return
        created = oped_create(by=request.user, **{k: v for k, v in data.items() if k in OPED_CREATE_FIELDS})
        if data.get("owner") and data["owner"] != request.user:
            oped_update(op_ed=created, by=request.user, changes={"owner": data["owner"]})
        obj.pk = created.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change) -> None:
        # The authors were set by the service; only the pitches are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is Pitch:
            _save_pitch_rows(request, formset, op_ed=form.instance)
        else:
            super().save_formset(request, form, formset, change)


class PitchStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Pitch.Status.choices)
    pitched_on = forms.DateField(label=_("Pitched on (when marking it pitched)"), required=False)


class PitchAnswerForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Answer"), choices=(("yes", _("Accepted")), ("no", _("Declined"))), coerce=lambda v: v == "yes"
    )
    answered_on = forms.DateField(label=_("Answered on"))
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PitchPlacementForm(forms.Form):
    url = forms.URLField(label=_("Placement URL"), max_length=2000, assume_scheme="https")
    published_on = forms.DateField(label=_("Published on"))
    kind = forms.ChoiceField(label=_("Placement kind"), choices=Placement.Kind.choices, initial=Placement.Kind.OPED)
    title = forms.CharField(label=_("Title"), required=False, max_length=500)


def _pitch_set_status(*, obj: Pitch, by, status: str, pitched_on) -> None:
    pitch_set_status(pitch=obj, status=status, pitched_on=pitched_on, by=by)


def _pitch_record_answer(*, obj: Pitch, by, accepted: bool, answered_on, outcome: str) -> None:
    pitch_record_answer(pitch=obj, accepted=accepted, answered_on=answered_on, outcome=outcome, by=by)


def _pitch_record_placement(*, obj: Pitch, by, url: str, published_on, kind: str, title: str) -> None:
    pitch_record_placement(pitch=obj, url=url, published_on=published_on, kind=kind, title=title, by=by)


@admin.register(Pitch)
class PitchAdmin(ServiceErrorsInAdmin, admin.ModelAdmin):
    """Pitches: details are edited here; the status moves through the actions (placed only by
    recording the placement), with the rules of the staff UI and the API."""

    list_display = ("op_ed", "outlet", "editor", "status", "pitched_on", "follow_up_on", "answered_on", "owner")
    list_filter = ("status", "campaign", "owner")
    list_select_related = ("op_ed", "outlet", "editor", "owner")
    search_fields = ("op_ed__title", "outlet__name", "editor__full_name")
    date_hierarchy = "pitched_on"
    autocomplete_fields = ("op_ed", "outlet", "editor", "owner")
    fieldsets = (
        (None, {"fields": ("op_ed", "outlet", "editor", "owner", "position")}),
        (_("Progress"), {"fields": ("status", "pitched_on", "follow_up_on", "answered_on", "outcome")}),
        (_("Exclusivity"), {"fields": ("exclusive_until",)}),
        RECORD_FIELDSET,
    )
    actions = (
        service_action(
            name="set_status",
            description=_("Mark the selected pitches pitched, expired, withdrawn or planned"),
            call=_pitch_set_status,
            form_class=PitchStatusForm,
            done_message=_("%(count)d pitches changed."),
        ),
        service_action(
            name="record_answer",
            description=_("Record the editor's answer to the selected pitches"),
            call=_pitch_record_answer,
            form_class=PitchAnswerForm,
            done_message=_("%(count)d answers recorded."),
        ),
        service_action(
            name="record_placement",
            description=_("Record where the selected pitch ran"),
            call=_pitch_record_placement,
            form_class=PitchPlacementForm,
            done_message=_("%(count)d placements recorded."),
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        fixed = ("status", "answered_on", "created_at", "updated_at")
        return ("op_ed", *fixed) if obj else fixed

    def get_queryset(self, request):
        # Placement's pitch autocomplete lists pitches by __str__ (op-ed and outlet). Selecting here
        # makes the changelist skip list_select_related, so this names the same relations.
        return super().get_queryset(request).select_related(*self.list_select_related)

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        if change:
            changes = {name: data[name] for name in form.changed_data if name in pitch_services.EDITABLE_FIELDS}
            pitch_update(pitch=obj, by=request.user, changes=changes)
            return
        created = pitch_create(
            op_ed=data["op_ed"], by=request.user, **{name: data[name] for name in PITCH_CREATE_FIELDS if name in data}
        )
        if data.get("owner") and data["owner"] != request.user:
            pitch_update(pitch=created, by=request.user, changes={"owner": data["owner"]})
        obj.pk = created.pk
        obj.refresh_from_db()


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


@admin.register(Lease)
class LeaseAdmin(ReadOnlyAdmin):
    list_display = ("name", "holder", "expires_at")


# --- Partners' email: preferences, suppressions, delivery events ---------------------------------
# A contact's email preferences are the partner's: read-only on the contact's page here, changed by
# the action below (with a source and a reason, through the same service as the staff UI and the API).

CONTACT_EMAIL_FIELDS = (
    "email_invitations",
    "email_reminders",
    "email_updates",
    "email_consent_source",
    "email_consent_at",
    "email_consent_by",
)


def _contact_email_preferences_set(*, obj, by, **form):
    contact_email_preferences_set(contact=obj, by=by, **form)


ContactAdmin.readonly_fields = (*ContactAdmin.readonly_fields, *CONTACT_EMAIL_FIELDS)
ContactAdmin.fieldsets = (*ContactAdmin.fieldsets, (_("Email preferences"), {"fields": CONTACT_EMAIL_FIELDS}))
ContactAdmin.actions = (
    *(ContactAdmin.actions or ()),
    service_action(
        name="set_email_preferences",
        description=_("Change the email preferences of the selected contacts (with a reason)"),
        call=_contact_email_preferences_set,
        form_class=EmailPreferencesForm,
        done_message=_("%(count)d contacts changed."),
    ),
)


def _suppression_lift(*, obj, by, reason):
    suppression_lift(suppression=obj, by=by, reason=reason)


@admin.register(EmailSuppression)
class EmailSuppressionAdmin(ReadOnlyAdmin):
    list_display = ("address", "reason", "provider", "created_at", "lifted_at", "lifted_by")
    list_filter = ("reason", "provider", ("lifted_at", admin.EmptyFieldListFilter))
    search_fields = ("address", "detail")
    actions = (
        service_action(
            name="lift_suppressions",
            description=_("Lift the selected suppressions (with a reason)"),
            call=_suppression_lift,
            form_class=SuppressionLiftForm,
            done_message=_("%(count)d suppressions lifted."),
        ),
    )


@admin.register(DeliveryEvent)
class DeliveryEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "type", "provider", "recipient", "action", "email")
    list_filter = ("type", "action", "provider")
    search_fields = ("recipient", "detail")
    list_select_related = ("email",)


@admin.register(EmailPreferenceChange)
class EmailPreferenceChangeAdmin(ReadOnlyAdmin):
    list_display = ("changed_at", "contact", "source", "by", "reason")
    list_filter = ("source",)
    search_fields = ("contact__full_name", "contact__email", "reason")
    list_select_related = ("contact", "by")


@admin.register(WebhookReceipt)
class WebhookReceiptAdmin(ReadOnlyAdmin):
    """Provider events already handled, so a replayed webhook changes nothing."""

    list_display = ("key", "received_at")
    search_fields = ("key",)
