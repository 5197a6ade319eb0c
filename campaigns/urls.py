from django.urls import path

from campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("<slug:slug>/", views.campaign_detail, name="detail"),
    path("<slug:slug>/status", views.campaign_status, name="status"),
    path("<slug:slug>/team", views.campaign_team_set, name="team-set"),
    path("<slug:slug>/team/<int:user_id>/remove", views.campaign_team_remove, name="team-remove"),
]
