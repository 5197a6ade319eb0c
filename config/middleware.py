"""Request middleware of the whole site."""

from __future__ import annotations

import functools
import time
import zoneinfo

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth import middleware as auth_middleware
from django.utils import timezone, translation


@functools.cache
def _known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


TZ_SESSION_KEY = "parley_time_zone"  # (user id, time zone, when it was read)
TZ_REFRESH_SECONDS = 300  # a changed time zone applies within five minutes


class UserTimeZoneMiddleware:
    """Show dates and times in the signed-in user's own time zone ("due today" is their today)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tz_name = self.time_zone_of(request)
        timezone.deactivate()
        if tz_name in _known_time_zones():  # otherwise keep the server default
            timezone.activate(zoneinfo.ZoneInfo(tz_name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    @staticmethod
    def time_zone_of(request) -> str:
        """The signed-in user's time zone, kept in their session for a few minutes: a request that
        does not otherwise need the user (a health check, an API call with a cookie) loads no user."""
        session = getattr(request, "session", None)
        if session is None or SESSION_KEY not in session:
            return ""
        kept = session.get(TZ_SESSION_KEY)
        now = time.time()
        if kept and kept[0] == session[SESSION_KEY] and now - kept[2] < TZ_REFRESH_SECONDS:
            return kept[1]
        tz_name = getattr(request.user, "time_zone", "") or ""
        session[TZ_SESSION_KEY] = (session[SESSION_KEY], tz_name, now)
        return tz_name


LANGUAGE_SESSION_KEY = "parley_language"  # (user id, or "" when chosen signed out; language code)


def interface_language(code: str) -> str:
    """``code`` when it is one of the interface's languages, else ""."""
    return code if code in dict(settings.LANGUAGES) else ""


def keep_language(request, response, code: str) -> None:
    """Remember ``code`` as this browser's language: in the session (for the signed-in person, or
    chosen signed out) and in the language cookie that Django's LocaleMiddleware reads."""
    session = getattr(request, "session", None)
    if session is not None:
        kept = [session.get(SESSION_KEY, ""), code]
        # Written only when it changes: a client that never keeps the cookie (a script with the
        # session alone) would otherwise save the session, a database write, on every request.
        if session.get(LANGUAGE_SESSION_KEY) != kept:
            session[LANGUAGE_SESSION_KEY] = kept
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class UserLanguageMiddleware:
    """A signed-in person whose browser has no language cookie (a new browser, a cookie cleared or
    expired) gets their language back: the one they last chose, else their profile's. The choice is
    set again as the cookie, so the switcher stays in charge from then on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = self.missing_language(request)
        if code:
            translation.activate(code)
            request.LANGUAGE_CODE = code
        response = self.get_response(request)
        if code and settings.LANGUAGE_COOKIE_NAME not in response.cookies:  # the switcher's own answer sets it
            keep_language(request, response, code)
        return response

    @staticmethod
    def missing_language(request) -> str:
        if interface_language(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")):
            return ""  # the cookie rules (LocaleMiddleware applied it)
        session = getattr(request, "session", None)
        if session is None or SESSION_KEY not in session:
            return ""
        kept = session.get(LANGUAGE_SESSION_KEY)
        if kept and kept[0] == session[SESSION_KEY] and interface_language(kept[1]):
            return kept[1]
        return interface_language(getattr(request.user, "language", "") or "")


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header of settings.PERMISSIONS_POLICY on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's, asking first whether the view needs a sign-in at all: Django's loads the user
    (a query) before it looks, even for the health checks and the public pages."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
