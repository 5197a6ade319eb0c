"""Personal API tokens: a signed-in user creates, lists and revokes their own."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from campaigns.models import ApiToken
from campaigns.services import api_token_create, api_token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. the CRM sync."))
    expires_in_days = forms.IntegerField(
        label=_("Expires after (days)"),
        required=False,
        min_value=1,
        max_value=3650,
        help_text=_("Leave empty for a token that does not expire."),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def token_list(request):
    secret = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            days = form.cleaned_data["expires_in_days"]
            expires_at = timezone.now() + dt.timedelta(days=days) if days else None
            _token, secret = api_token_create(user=request.user, name=form.cleaned_data["name"], expires_at=expires_at)
            form = TokenForm()
    else:
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    # The secret is rendered in this one response only; it is stored nowhere but as a hash.
    return render(request, "campaigns/tokens.html", {"form": form, "tokens": tokens, "secret": secret})


@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(token=token, by=request.user)
    return redirect("api-tokens")
