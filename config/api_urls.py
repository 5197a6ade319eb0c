"""The REST API: /api/v1/ (resources), /api/schema/ (OpenAPI 3), /api/docs/ (browsable docs, signed in)."""

from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from campaigns.api import views as campaign_views
from campaigns.api.due import DueView
from media_tracker.api import views as media_views
from outreach.api import email as email_api
from outreach.api import views as outreach_views

app_name = "api"


class Router(DefaultRouter):
    def get_api_root_view(self, api_urls=None):
        # The API answers 401/403 in JSON itself; never the sign-in page's redirect.
        return login_not_required(super().get_api_root_view(api_urls))


router = Router(trailing_slash=True)
router.register("campaigns", campaign_views.CampaignViewSet, basename="campaign")
router.register("objectives", campaign_views.ObjectiveViewSet, basename="objective")
router.register("memberships", campaign_views.MembershipViewSet, basename="membership")
router.register("evidence", campaign_views.EvidenceViewSet, basename="evidence")
router.register("exit-criteria", campaign_views.ExitCriterionViewSet, basename="exitcriterion")
router.register("organisations", outreach_views.OrganisationViewSet, basename="organisation")
router.register("contacts", outreach_views.ContactViewSet, basename="contact")
router.register("interactions", outreach_views.InteractionViewSet, basename="interaction")
router.register("briefings", outreach_views.BriefingViewSet, basename="briefing")
router.register("invitations", outreach_views.InvitationViewSet, basename="invitation")
router.register("op-eds", outreach_views.OpEdViewSet, basename="oped")
router.register("pitches", outreach_views.PitchViewSet, basename="pitch")
router.register("placements", media_views.PlacementViewSet, basename="placement")
router.register("outlets", media_views.OutletViewSet, basename="outlet")
router.register("feeds", media_views.FeedViewSet, basename="feed")
router.register("articles", media_views.ArticleViewSet, basename="article")
router.register("tracked-terms", media_views.TrackedTermViewSet, basename="trackedterm")
router.register("mentions", media_views.MentionViewSet, basename="mention")
router.register("email-suppressions", email_api.EmailSuppressionViewSet, basename="emailsuppression")
router.register("alert-subscriptions", media_views.AlertSubscriptionViewSet, basename="alertsubscription")
router.register("notifications", media_views.NotificationViewSet, basename="notification")

urlpatterns = [
    path("v1/me/due/", DueView.as_view(), name="me-due"),
    path(
        "v1/contacts/<int:pk>/email-preferences/",
        email_api.ContactEmailPreferencesViewSet.as_view({"get": "retrieve", "post": "change"}),
        name="contact-email-preferences",
    ),
    path("v1/", include(router.urls)),
    # The schema answers API clients (a token or the session; 401/403 in JSON otherwise); the docs
    # page is a page of the product: signing in first, like every other page.
    path(
        "schema/",
        login_not_required(SpectacularAPIView.as_view(permission_classes=[IsAuthenticated])),
        name="schema",
    ),
    # (DRF marks its views login_not_required; login_required puts the sign-in back.)
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
]
