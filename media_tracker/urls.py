"""Media pickup pages (namespace ``media_tracker``)."""

from django.urls import path

from media_tracker.views import alerts, media, terms

app_name = "media_tracker"
urlpatterns = [
    path("", media.media, name="media"),
    path("add-article", media.article_add, name="article-add"),
    path("mentions/<int:pk>/relevance", media.mention_relevance, name="mention-relevance"),
    path("terms/", terms.terms, name="terms"),
    path("terms/<int:pk>/", terms.term_edit, name="term-edit"),
    path("alerts/", alerts.alerts, name="alerts"),
    path("alerts/read", alerts.alerts_read, name="alerts-read"),
    path("alerts/subscribe", alerts.alert_subscribe_view, name="alert-subscribe"),
    path("alerts/<int:pk>/unsubscribe", alerts.alert_unsubscribe_view, name="alert-unsubscribe"),
]
