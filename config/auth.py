"""Sign-in with a limit on failed attempts per username and per client address.

Each attempt is counted before the password is checked (config/ratelimit.py), under the
normalised username (so a full-width or upper-case spelling shares the budget) and under the
client's address (taken through the configured number of trusted proxies). A successful
sign-in takes its own attempt back.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views

from config.middleware import LANGUAGE_SESSION_KEY, interface_language, keep_language
from config.ratelimit import client_address, forget, hit, normalise_username, undo


def _user_key(request) -> str:
    username = normalise_username(request.POST.get("username", ""))
    return "login:user:" + hashlib.sha256(username.encode()).hexdigest()[:32]


def _address_key(request) -> str:
    return "login:addr:" + client_address(request)


class RefusedLoginForm(AuthenticationForm):
    """The sign-in form shown back to a refused attempt: validating it never checks the password."""

    def clean(self):
        return self.cleaned_data


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        window = settings.LOGIN_FAILURE_WINDOW_SECONDS
        by_user = hit(_user_key(request), window=window)
        by_address = hit(_address_key(request), window=window)
        if by_user > settings.LOGIN_FAILURE_LIMIT or by_address > settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            form = RefusedLoginForm(request, data=request.POST)
            minutes = max(1, window // 60)
            form.add_error(
                None,
                _("Too many failed sign-in attempts. Try again in %(minutes)d minutes.") % {"minutes": minutes},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # A success is not a failure: it clears this username's count and takes back its address's.
        forget(_user_key(self.request))
        undo(_address_key(self.request))
        # What the browser kept across the sign-in: a language chosen on the sign-in page itself.
        chosen_signed_out = self.request.session.get(LANGUAGE_SESSION_KEY)
        response = super().form_valid(form)
        code = ""
        if chosen_signed_out and chosen_signed_out[0] == "":
            code = interface_language(chosen_signed_out[1])  # just chosen by this person: it wins
        code = code or interface_language(form.get_user().language) or settings.LANGUAGE_CODE
        keep_language(self.request, response, code)
        return response


@login_not_required
def set_language(request):
    """Django's language switcher, remembering the choice for the person's session as well (so a
    lost cookie, or a sign-in right after choosing, keeps it)."""
    response = i18n_views.set_language(request)
    code = interface_language(request.POST.get("language", ""))
    if request.method == "POST" and code:
        keep_language(request, response, code)
    return response
