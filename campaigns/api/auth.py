"""Personal API tokens on the wire (`Authorization: Bearer prl_...`) and per-token throttling."""

from __future__ import annotations

import datetime as dt
import hmac
import time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, throttling

from campaigns.models import ApiToken
from campaigns.services import api_token_hash
from config.ratelimit import hit

# Writing last_used_at on every request would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header: give exactly one token."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        return self.authenticate_secret(secret)

    def authenticate_secret(self, secret: str):
        parts = secret.split("_", 2)
        if len(parts) != 3 or parts[0] != "prl" or len(parts[1]) > 16:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
        if token is None or not hmac.compare_digest(token.hashed_key, api_token_hash(secret)):
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        now = timezone.now()
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if token.expires_at is not None and token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        # A 401 (not a 403) with this header tells a client to send credentials.
        return 'Bearer realm="api"'


class ApiTokenRateThrottle(throttling.BaseThrottle):
    """One budget per token (or per user when signed in by session), counted atomically.

    A fixed window per token: every request adds one to a counter in the cache (Redis in
    production) before it is served, so concurrent requests cannot all pass a budget that one of
    them has used up. With the cache down, each web process counts alone (logged), and the API
    keeps answering instead of failing with a 500.
    """

    scope = "api_token"

    def get_rate(self):
        # Read at request time, so a settings override applies without re-importing.
        return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(self.scope)

    def ident_for(self, request) -> str:
        if isinstance(request.auth, ApiToken):
            return f"token:{request.auth.pk}"
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}"
        return f"anon:{self.get_ident(request)}"

    def allow_request(self, request, view):
        rate = self.get_rate()
        if rate is None:
            return True
        self.num_requests, self.duration = throttling.SimpleRateThrottle.parse_rate(None, rate)
        window = int(time.time() // self.duration)
        self.window_ends = (window + 1) * self.duration
        count = hit(f"throttle:{self.scope}:{self.ident_for(request)}:{window}", window=self.duration)
        return count <= self.num_requests

    def wait(self):
        return max(self.window_ends - time.time(), 0)
