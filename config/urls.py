from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

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

# --- Staff web UI (issue 3) ---------------------------------------------------------
urlpatterns = [
    # The language switcher must work on the sign-in page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    *urlpatterns,
    path("campaigns/", include("campaigns.urls")),
    path("outreach/", include("outreach.urls")),
    path("media/", include("media_tracker.urls")),
]
