"""Staff pages of outreach (namespace ``outreach``), the partners' public RSVP pages (``rsvp``), and the
public email endpoints (``email``): preferences, one-click unsubscribe, the providers' webhooks."""

from django.urls import path

from outreach.views import (
    briefings,
    contact_email,
    contacts,
    delivery,
    followups,
    opeds,
    preferences,
    quick_log,
    rsvp,
    trust,
    typeahead,
    webhooks,
)

app_name = "outreach"
urlpatterns = [
    path("log/", quick_log.quick_log, name="log"),
    path("search/", quick_log.search, name="search"),
    path("pick/", quick_log.pick, name="pick"),
    path("typeahead/", typeahead.typeahead, name="typeahead"),
    path("typeahead/pick/", typeahead.typeahead_pick, name="typeahead-pick"),
    path("interactions/<int:pk>/done", followups.interaction_done, name="interaction-done"),
    path("interactions/<int:pk>/reopen", followups.interaction_reopen_view, name="interaction-reopen"),
    path("interactions/<int:pk>/snooze", followups.interaction_snooze_view, name="interaction-snooze"),
    path("pitches/<int:pk>/answer", followups.pitch_answer, name="pitch-answer"),
    path("contacts/", contacts.contact_list, name="contact-list"),
    path("contacts/export.csv", contacts.contact_export, name="contact-export"),
    path("contacts/bulk/", contacts.contact_bulk, name="contact-bulk"),
    path("contacts/import/", contacts.contact_import, name="contact-import"),
    path("contacts/new/", contacts.contact_edit, name="contact-new"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact-detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/merge/", contacts.contact_merge, name="contact-merge"),
    path("contacts/<int:pk>/delete/", contacts.contact_delete, name="contact-delete"),
    path("contacts/<int:pk>/email/", contact_email.contact_email_card, name="contact-email"),
    path(
        "contacts/<int:pk>/email-preferences/",
        contact_email.contact_email_preferences,
        name="contact-email-preferences",
    ),
    path("email-suppressions/<int:pk>/lift/", contact_email.email_suppression_lift, name="email-suppression-lift"),
    path("contacts/<int:pk>/archive/", trust.contact_archive, name="contact-archive"),
    path("contacts/<int:pk>/unarchive/", trust.contact_unarchive, name="contact-unarchive"),
    path("contacts/<int:pk>/protect/", trust.contact_protect, name="contact-protect"),
    path("contacts/<int:pk>/export/", trust.contact_export_view, name="contact-export-person"),
    path("contacts/<int:pk>/erase/", trust.contact_erase_view, name="contact-erase"),
    path("contacts/<int:pk>/audit/", trust.contact_audit, name="contact-audit"),
    path("contacts/<int:pk>/audit.csv", trust.contact_audit_csv, name="contact-audit-csv"),
    path("organisations/<int:pk>/archive/", trust.organisation_archive, name="organisation-archive"),
    path("organisations/<int:pk>/unarchive/", trust.organisation_unarchive, name="organisation-unarchive"),
    path("organisations/<int:pk>/protect/", trust.organisation_protect, name="organisation-protect"),
    path("organisations/", contacts.organisation_list, name="organisation-list"),
    path("organisations/export.csv", contacts.organisation_export, name="organisation-export"),
    path("organisations/new/", contacts.organisation_edit, name="organisation-new"),
    path("organisations/<int:pk>/", contacts.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/edit/", contacts.organisation_edit, name="organisation-edit"),
    path("organisations/<int:pk>/merge/", contacts.organisation_merge, name="organisation-merge"),
    path("organisations/<int:pk>/delete/", contacts.organisation_delete, name="organisation-delete"),
    path("briefings/", briefings.briefing_list, name="briefing-list"),
    path("briefings/new/", briefings.briefing_create, name="briefing-new"),
    path("briefings/<int:pk>/", briefings.briefing_detail, name="briefing-detail"),
    path("briefings/<int:pk>/edit/", briefings.briefing_edit, name="briefing-edit"),
    path("briefings/<int:pk>/invite", briefings.briefing_invite, name="briefing-invite"),
    path("briefings/<int:pk>/invite/search/", briefings.briefing_invite_search, name="briefing-invite-search"),
    path("briefings/<int:pk>/attendees.csv", briefings.briefing_export, name="briefing-export"),
    path("briefings/<int:briefing_id>/delivery/", delivery.briefing_delivery_panel, name="briefing-delivery"),
    path(
        "briefings/<int:briefing_id>/send-invitations/",
        delivery.briefing_send_invitations,
        name="briefing-send-invitations",
    ),
    path(
        "briefings/<int:briefing_id>/invitations/preview/",
        delivery.briefing_preview_invitation,
        name="briefing-preview-invitation",
    ),
    path(
        "briefings/<int:briefing_id>/invitations/test/",
        delivery.briefing_test_invitation,
        name="briefing-test-invitation",
    ),
    path(
        "briefings/<int:briefing_id>/nudge/<int:organisation_id>/",
        delivery.briefing_nudge_organisation,
        name="briefing-nudge-organisation",
    ),
    path("invitations/<int:pk>/attendance", briefings.invitation_attendance, name="invitation-attendance"),
    path("invitations/<int:pk>/answer", briefings.invitation_answer, name="invitation-answer"),
    path("op-eds/", opeds.oped_board, name="oped-board"),
    path("op-eds/new/", opeds.oped_create, name="oped-new"),
    path("op-eds/<int:pk>/edit/", opeds.oped_edit, name="oped-edit"),
    path("op-eds/<int:op_ed_pk>/pitch/", opeds.pitch_create, name="pitch-new"),
    path("pitches/<int:pk>/", opeds.pitch_edit, name="pitch-edit"),
]

# Public, no sign-in: included at /rsvp/ under the namespace ``rsvp``.
rsvp_urlpatterns = (
    [
        path("<str:token>/", rsvp.rsvp_answer, name="answer"),
        path("<str:token>/calendar.ics", rsvp.rsvp_calendar, name="calendar"),
    ],
    "rsvp",
)

# Public, no sign-in: included at /email/ under the namespace ``email``.
email_urlpatterns = (
    [
        path("preferences/<str:token>/", preferences.email_preferences, name="preferences"),
        path("unsubscribe/<str:token>/", preferences.one_click_unsubscribe, name="unsubscribe"),
        path("webhooks/<str:provider>/tracking/", webhooks.tracking_webhook, name="tracking-webhook"),
        path("webhooks/<str:provider>/inbound/", webhooks.inbound_webhook, name="inbound-webhook"),
    ],
    "email",
)
