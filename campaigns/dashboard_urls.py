from django.urls import path

from campaigns import views_dashboard

urlpatterns = [
    path("overview/", views_dashboard.overview, name="campaigns-overview"),
    path("<slug:slug>/dashboard/", views_dashboard.dashboard, name="campaign-dashboard"),
    path("<slug:slug>/dashboard/<slug:table>.csv", views_dashboard.dashboard_csv, name="campaign-dashboard-csv"),
    path("<slug:slug>/quarterly/", views_dashboard.quarterly, name="campaign-quarterly"),
]
