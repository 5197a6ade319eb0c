"""Media pickup pages (namespace ``media_tracker``)."""

from django.urls import path

from media_tracker.views import media

app_name = "media_tracker"
urlpatterns = [
    path("", media.media, name="media"),
]
