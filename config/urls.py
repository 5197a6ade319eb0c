from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import auth, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.liveness, name="liveness"),
    path("ops/worker-ping", views.worker_ping, name="worker-ping"),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("campaigns/", include("campaigns.dashboard_urls")),
]

# Briefing emails (issue 5): public RSVP pages and the staff delivery panel.
urlpatterns += [
    path("rsvp/", include("outreach.rsvp_urls")),
    path("", include("outreach.delivery_urls")),
]

# --- REST API and personal API tokens (issue 4) ---
from campaigns import views_tokens  # noqa: E402

urlpatterns += [
    path("api/", include("config.api_urls")),
    path("account/tokens/", views_tokens.token_list, name="api-tokens"),
    path("account/tokens/<int:pk>/revoke/", views_tokens.token_revoke, name="api-token-revoke"),
]
