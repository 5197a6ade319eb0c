from django.urls import path

from media_tracker import views

app_name = "media_tracker"
urlpatterns = [
    path("", views.media, name="media"),
]
