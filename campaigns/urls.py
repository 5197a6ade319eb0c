"""Campaign pages, dashboards and the quarterly update (namespace ``campaigns``)."""

from django.urls import path

from campaigns.views import campaigns, dashboard

app_name = "campaigns"
urlpatterns = [
    path("", campaigns.campaign_list, name="list"),
    # Before the campaign patterns, so no slug can shadow it.
    path("overview/", dashboard.overview, name="overview"),
    path("<slug:slug>/", campaigns.campaign_detail, name="detail"),
    path("<slug:slug>/status", campaigns.campaign_status, name="status"),
    path("<slug:slug>/team", campaigns.campaign_team_set, name="team-set"),
    path("<slug:slug>/team/<int:user_id>/remove", campaigns.campaign_team_remove, name="team-remove"),
    path("<slug:slug>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("<slug:slug>/dashboard/<slug:table>.csv", dashboard.dashboard_csv, name="dashboard-csv"),
    path("<slug:slug>/quarterly/", dashboard.quarterly, name="quarterly"),
]
