"""Staff URLs for briefing email delivery (issue 5)."""

from django.urls import path

from outreach import views_delivery

urlpatterns = [
    path("briefings/<int:briefing_id>/delivery/", views_delivery.briefing_delivery_panel, name="briefing-delivery"),
    path(
        "briefings/<int:briefing_id>/send-invitations/",
        views_delivery.briefing_send_invitations,
        name="briefing-send-invitations",
    ),
    path(
        "briefings/<int:briefing_id>/nudge/<int:organisation_id>/",
        views_delivery.briefing_nudge_organisation,
        name="briefing-nudge-organisation",
    ),
]
