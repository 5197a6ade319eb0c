from django.urls import path

from outreach import views, views_briefings, views_contacts, views_followups, views_opeds

app_name = "outreach"
urlpatterns = [
    path("log/", views.quick_log, name="log"),
    path("search/", views.search, name="search"),
    path("pick/", views.pick, name="pick"),
    path("interactions/<int:pk>/done", views_followups.interaction_done, name="interaction-done"),
    path("interactions/<int:pk>/snooze", views_followups.interaction_snooze_view, name="interaction-snooze"),
    path("pitches/<int:pk>/answer", views_followups.pitch_answer, name="pitch-answer"),
    path("contacts/", views_contacts.contact_list, name="contact-list"),
    path("contacts/export.csv", views_contacts.contact_export, name="contact-export"),
    path("contacts/import/", views_contacts.contact_import, name="contact-import"),
    path("contacts/new/", views_contacts.contact_edit, name="contact-new"),
    path("contacts/<int:pk>/", views_contacts.contact_detail, name="contact-detail"),
    path("contacts/<int:pk>/edit/", views_contacts.contact_edit, name="contact-edit"),
    path("organisations/", views_contacts.organisation_list, name="organisation-list"),
    path("organisations/export.csv", views_contacts.organisation_export, name="organisation-export"),
    path("organisations/new/", views_contacts.organisation_edit, name="organisation-new"),
    path("organisations/<int:pk>/", views_contacts.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views_contacts.organisation_edit, name="organisation-edit"),
    path("briefings/", views_briefings.briefing_list, name="briefing-list"),
    path("briefings/new/", views_briefings.briefing_create, name="briefing-new"),
    path("briefings/<int:pk>/", views_briefings.briefing_detail, name="briefing-detail"),
    path("briefings/<int:pk>/edit/", views_briefings.briefing_edit, name="briefing-edit"),
    path("briefings/<int:pk>/invite", views_briefings.briefing_invite, name="briefing-invite"),
    path("briefings/<int:pk>/attendees.csv", views_briefings.briefing_export, name="briefing-export"),
    path("invitations/<int:pk>/attendance", views_briefings.invitation_attendance, name="invitation-attendance"),
    path("op-eds/", views_opeds.oped_board, name="oped-board"),
    path("op-eds/new/", views_opeds.oped_create, name="oped-new"),
    path("op-eds/<int:pk>/edit/", views_opeds.oped_edit, name="oped-edit"),
    path("op-eds/<int:op_ed_pk>/pitch/", views_opeds.pitch_create, name="pitch-new"),
    path("pitches/<int:pk>/", views_opeds.pitch_edit, name="pitch-edit"),
]
