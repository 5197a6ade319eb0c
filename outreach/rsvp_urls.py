"""Public RSVP pages, included at /rsvp/ (no sign-in)."""

from django.urls import path

from outreach import rsvp

app_name = "rsvp"
urlpatterns = [
    path("<str:token>/", rsvp.rsvp_answer, name="answer"),
]
