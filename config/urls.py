"""The URL map: one namespaced URLconf per app; the API under its own namespace (``api``)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from campaigns.views import quarterly, search, tokens
from config import auth, views
from outreach.urls import email_urlpatterns, rsvp_urlpatterns
from outreach.views import followups

urlpatterns = [
    path("", followups.home, name="home"),
    # Browsers ask for /favicon.ico on their own (a page without the <link rel=icon>, a bookmark).
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.liveness, name="liveness"),
    path("ops/worker-ping", views.worker_ping, name="worker-ping"),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switcher must work on the sign-in page too.
    path("i18n/setlang/", auth.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("search/", search.search_page, name="search"),
    path("search/suggest", search.search_suggest, name="search-suggest"),
    path("campaigns/", include("campaigns.urls")),
    path("outreach/", include("outreach.urls")),
    path("media/", include("media_tracker.urls")),
    path("rsvp/", include(rsvp_urlpatterns)),
    path("email/", include(email_urlpatterns)),
    # Partners read a shared quarterly update here, signed out; a revoked link says so.
    path("shared/quarterly/<str:token>/", quarterly.shared_update, name="shared-quarterly"),
    path("shared/quarterly/<str:token>/update.<str:fmt>", quarterly.shared_download, name="shared-quarterly-file"),
    path("account/tokens/", tokens.token_list, name="api-tokens"),
    path("account/tokens/<int:pk>/revoke/", tokens.token_revoke, name="api-token-revoke"),
    path("api/", include("config.api_urls", namespace="api")),
]

handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"

if settings.BENCH_ENDPOINTS:
    urlpatterns.append(path("bench/", include("config.bench_views")))
