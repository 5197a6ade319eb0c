"""A partner's email preferences, public and without an account: the signed link is the credential.

- ``/email/preferences/<token>/``: the page, in the contact's language. Opening it changes nothing
  (mail scanners open links); the form carries the preferences it was shown with, so a form that
  was already submitted, replayed, changes nothing.
- ``/email/unsubscribe/<token>/``: RFC 8058 one-click. A POST with ``List-Unsubscribe=One-Click``
  (what a mail client sends) opts out of the email's topic, without session or CSRF token (the link
  is signed); a GET only shows the preferences page.

A tampered link, or one for an address Parley no longer has, gets a page that says so, a log line,
and changes nothing.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from outreach.mail.briefing import email_language
from outreach.models import EmailTopic
from outreach.services.consent import (
    TOPIC_FIELDS,
    PreferencesLinkError,
    preferences_form_token,
    preferences_of,
    preferences_read,
    preferences_record_by_partner,
    unsubscribe_one_click,
)

STATUS_BY_CODE = {"invalid": 400, "unknown": 404, "stale": 409}


def _problem(request, error: PreferencesLinkError):
    language = email_language(error.contact) if error.contact else translation.get_language()
    with translation.override(language):
        return render(
            request,
            "outreach/preferences/problem.html",
            {"code": error.code, "contact": error.contact},
            status=STATUS_BY_CODE[error.code],
        )


def _page(request, *, token: str, contact, topic: str, saved: bool = False, status: int = 200):
    with translation.override(email_language(contact)):
        current = preferences_of(contact)
        return render(
            request,
            "outreach/preferences/page.html",
            {
                "contact": contact,
                "topic": topic,
                "topics": [(value, label, current[value]) for value, label in EmailTopic.choices],
                "all_off": not any(current.values()),
                "saved": saved,
                "token": token,
                "form_token": preferences_form_token(contact=contact),
            },
            status=status,
        )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def email_preferences(request, token: str):
    try:
        if request.method == "POST":
            stop_all = request.POST.get("action") == "stop_all"
            choices = {topic: (not stop_all and request.POST.get(topic) == "on") for topic in TOPIC_FIELDS}
            contact, _changed = preferences_record_by_partner(
                token=token, form_token=request.POST.get("form_token", ""), choices=choices
            )
            _contact, topic = preferences_read(token=token)
            return _page(request, token=token, contact=contact, topic=topic, saved=True)
        contact, topic = preferences_read(token=token)
    except PreferencesLinkError as error:
        return _problem(request, error)
    return _page(request, token=token, contact=contact, topic=topic)


@csrf_exempt  # RFC 8058: the mail client posts without a session; the signed link is the credential
@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def one_click_unsubscribe(request, token: str):
    if request.method == "GET":
        # Opening the link (a person, or a scanner) changes nothing: it shows the preferences.
        return HttpResponseRedirect(reverse("email:preferences", args=[token]))
    if request.POST.get("List-Unsubscribe") != "One-Click":
        return HttpResponse("Expected List-Unsubscribe=One-Click.\n", status=400, content_type="text/plain")
    try:
        _contact, _changed = unsubscribe_one_click(token=token)
    except PreferencesLinkError as error:
        return HttpResponse(f"{error.code}\n", status=STATUS_BY_CODE[error.code], content_type="text/plain")
    return HttpResponse("Unsubscribed.\n", content_type="text/plain")
