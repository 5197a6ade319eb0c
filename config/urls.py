from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from campaigns import views_tokens
from config import auth, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.liveness, name="liveness"),
    path("ops/worker-ping", views.worker_ping, name="worker-ping"),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switcher must work on the sign-in page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Staff web UI (issue 3) and dashboards (issue 7).
    path("campaigns/", include("campaigns.dashboard_urls")),
    path("campaigns/", include("campaigns.urls")),
    path("outreach/", include("outreach.urls")),
    path("media/", include("media_tracker.urls")),
    # Briefing emails (issue 5): public RSVP pages and the staff delivery panel.
    path("rsvp/", include("outreach.rsvp_urls")),
    path("", include("outreach.delivery_urls")),
    # REST API and personal API tokens (issue 4).
    path("api/", include("config.api_urls")),
    path("account/tokens/", views_tokens.token_list, name="api-tokens"),
    path("account/tokens/<int:pk>/revoke/", views_tokens.token_revoke, name="api-token-revoke"),
]
