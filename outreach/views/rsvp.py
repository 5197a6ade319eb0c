"""Public RSVP pages: a partner answers a briefing invitation from the email's signed link.

No account: the signed link is the credential. Opening a link only shows the page (mail
scanners open links); the answer is recorded when the partner confirms with the form.
A bad, expired or replayed link or form gets a page that says so and changes nothing.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from outreach.ics import briefing_ics
from outreach.services.rsvp import ANSWERS, RsvpError, rsvp_form_token, rsvp_read, rsvp_record

STATUS_BY_CODE = {"invalid": 400, "expired": 410, "cancelled": 410, "stale": 409}


def _language(invitation) -> str:
    return invitation.contact.preferred_language if invitation else translation.get_language()


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def rsvp_answer(request, token: str):
    invitation, recorded = None, False
    try:
        if request.method == "POST":
            invitation = rsvp_record(
                token=token,
                answer=request.POST.get("answer", ""),
                form_token=request.POST.get("form_token", ""),
            )
            recorded = True
            proposed = None
        else:
            invitation, proposed = rsvp_read(token=token)
    except RsvpError as error:
        return _problem(request, error)
    with translation.override(_language(invitation)):
        return render(
            request,
            "outreach/rsvp/answer.html",
            {
                "invitation": invitation,
                "briefing": invitation.briefing,
                "proposed": proposed,
                "recorded": recorded,
                "answers": list(ANSWERS.items()),
                "form_token": rsvp_form_token(invitation=invitation),
                "token": token,
            },
        )


def _problem(request, error: RsvpError):
    with translation.override(_language(error.invitation)):
        return render(
            request,
            "outreach/rsvp/problem.html",
            {"code": error.code, "invitation": error.invitation},
            status=STATUS_BY_CODE[error.code],
        )


@login_not_required
@never_cache
@require_http_methods(["GET"])
def rsvp_calendar(request, token: str):
    """The briefing's calendar entry, the same event (UID) as the invitation email's, to download."""
    try:
        invitation, _answer = rsvp_read(token=token)
    except RsvpError as error:
        return _problem(request, error)
    contact = invitation.contact
    ics = briefing_ics(briefing=invitation.briefing, attendee_email=contact.email, attendee_name=contact.full_name)
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="briefing.ics"'
    return response
