"""Campaign pages, dashboards and the quarterly update (namespace ``campaigns``)."""

from django.urls import path

from campaigns.views import asks, audit, campaigns, dashboard, evidence, exit_criteria, quarterly, results

app_name = "campaigns"
urlpatterns = [
    path("", campaigns.campaign_list, name="list"),
    # Before the campaign patterns, so no slug can shadow it.
    path("overview/", dashboard.overview, name="overview"),
    path("evidence/link", evidence.evidence_link_view, name="evidence-link"),
    path("evidence/ask-choices", evidence.ask_choices, name="ask-choices"),
    path("<slug:slug>/", campaigns.campaign_detail, name="detail"),
    path("<slug:slug>/status", campaigns.campaign_status, name="status"),
    path("<slug:slug>/team", campaigns.campaign_team_set, name="team-set"),
    path("<slug:slug>/team/<int:user_id>/remove", campaigns.campaign_team_remove, name="team-remove"),
    path("<slug:slug>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("<slug:slug>/dashboard/<slug:table>.csv", dashboard.dashboard_csv, name="dashboard-csv"),
    path("<slug:slug>/results/", results.results, name="results"),
    path("<slug:slug>/asks/new", asks.ask_add, name="ask-add"),
    path("<slug:slug>/asks/<int:pk>/", asks.ask_detail, name="ask"),
    path("<slug:slug>/asks/<int:pk>/edit", asks.ask_edit, name="ask-edit"),
    path("<slug:slug>/asks/<int:pk>/status", asks.ask_status, name="ask-status"),
    path("<slug:slug>/asks/<int:pk>/delete", asks.ask_delete, name="ask-delete"),
    path("<slug:slug>/asks/<int:pk>/note", asks.ask_note, name="ask-note"),
    path("<slug:slug>/evidence/<int:pk>/unlink", asks.evidence_remove, name="evidence-unlink"),
    path("<slug:slug>/exit-criteria/new", exit_criteria.exit_criterion_add, name="exit-add"),
    path("<slug:slug>/exit-criteria/<int:pk>/state", exit_criteria.exit_criterion_state, name="exit-state"),
    path("<slug:slug>/exit-criteria/<int:pk>/remove", exit_criteria.exit_criterion_remove, name="exit-remove"),
    path("<slug:slug>/quarterly/", quarterly.quarterly_home, name="quarterly"),
    path("<slug:slug>/quarterly/draft", quarterly.quarterly_draft, name="quarterly-draft"),
    path("<slug:slug>/quarterly/<int:pk>/", quarterly.quarterly_update, name="quarterly-update"),
    path("<slug:slug>/quarterly/<int:pk>/sections/<slug:key>", quarterly.quarterly_section, name="quarterly-section"),
    path("<slug:slug>/quarterly/<int:pk>/freeze", quarterly.quarterly_freeze, name="quarterly-freeze"),
    path("<slug:slug>/quarterly/<int:pk>/reopen", quarterly.quarterly_reopen, name="quarterly-reopen"),
    path(
        "<slug:slug>/quarterly/<int:pk>/draft.<str:fmt>",
        quarterly.quarterly_draft_download,
        name="quarterly-draft-file",
    ),
    path("<slug:slug>/quarterly/versions/<int:pk>/", quarterly.quarterly_version, name="quarterly-version"),
    path(
        "<slug:slug>/quarterly/versions/<int:pk>/update.<str:fmt>",
        quarterly.quarterly_download,
        name="quarterly-version-file",
    ),
    path("<slug:slug>/quarterly/versions/<int:pk>/share", quarterly.quarterly_share, name="quarterly-share"),
    path("<slug:slug>/quarterly/links/<int:pk>/revoke", quarterly.quarterly_revoke, name="quarterly-revoke"),
    path("<slug:slug>/audit/", audit.campaign_audit, name="audit"),
    path("<slug:slug>/audit.csv", audit.campaign_audit_csv, name="audit-csv"),
]
