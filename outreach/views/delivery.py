"""Staff pieces of the briefing page: how the invitation emails are doing, send and nudge buttons.

The panel is a template partial (htmx swaps it after each button); its counts refresh themselves
while emails wait to be sent. Each invitee's own emails show in the briefing page's list of invitees.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from campaigns.permissions import can_edit, can_view
from outreach.mail.briefing import NOTE_MAX_LENGTH, invitation_previews, invitee_languages
from outreach.models import Briefing, Organisation, OutgoingEmail
from outreach.selectors import briefing_delivery
from outreach.services.invitations import (
    SendReport,
    clean_notes,
    invitation_test_send,
    invitations_nudge_organisation,
    invitations_send,
)

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "ar": "العربية"}


def _briefing_for(request, briefing_id: int, *, edit: bool) -> Briefing:
    briefing = get_object_or_404(Briefing.objects.select_related("campaign"), pk=briefing_id)
    if not can_view(user=request.user, campaign=briefing.campaign_id):
        raise Http404  # not a member: the briefing does not exist for them, as in the rest of the UI
    if edit and not can_edit(user=request.user, campaign=briefing.campaign_id):
        raise PermissionDenied
    return briefing


def _notes(request) -> dict[str, str]:
    """The personal note per language typed in the panel's form (note_en, note_fr, note_ar)."""
    return {language: request.POST.get(f"note_{language}", "") for language in LANGUAGE_NAMES}


def _note_fields(briefing: Briefing, notes: dict[str, str]) -> list[dict]:
    counts = {language: count for language, (_invitation, count) in invitee_languages(briefing).items()}
    return [
        {"language": language, "name": name, "invitees": counts.get(language, 0), "value": notes.get(language, "")}
        for language, name in LANGUAGE_NAMES.items()
    ]


def _panel(
    request,
    briefing: Briefing,
    *,
    report: SendReport | None = None,
    error: str = "",
    status: int = 200,
    notes: dict | None = None,
    tests: list | None = None,
):
    rows = briefing_delivery(briefing=briefing)
    counts = _delivery_counts(rows)
    if request.htmx and request.GET.get("part") == "counts":
        return render(request, "outreach/partials/_delivery_counts.html", {"briefing": briefing, **counts})
    organisations = {}
    for row in rows:
        organisation = row.invitation.contact.organisation
        if organisation and row.invitation.status == "invited" and row.invitation_email:
            organisations[organisation.pk] = organisation
    context = {
        "briefing": briefing,
        **counts,
        "not_emailed": [row for row in rows if row.problem],
        "report": report,
        "error": error,
        "tests": tests,
        "can_edit": can_edit(user=request.user, campaign=briefing.campaign_id),
        "nudge_organisations": sorted(organisations.values(), key=lambda o: o.name),
        "note_fields": _note_fields(briefing, notes or {}),
        "note_max_length": NOTE_MAX_LENGTH,
    }
    # htmx swaps the panel into the briefing page; a plain request gets a page of its own.
    template = "outreach/partials/briefing_delivery.html" if request.htmx else "outreach/briefing_delivery_page.html"
    return render(request, template, context, status=status)


IN_FLIGHT = {OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.SENDING}


def _delivery_counts(rows) -> dict:
    """Per kind of email, how many wait, reached the mail server or failed; the failures by name.
    ``in_flight`` tells the panel to keep refreshing itself."""
    labels = dict(OutgoingEmail.Kind.choices)
    kinds: dict[str, dict] = {}
    failures = []
    for row in rows:
        for email in row.emails:
            entry = kinds.setdefault(email.kind, {"label": labels[email.kind], "waiting": 0, "sent": 0, "failed": 0})
            if email.status in IN_FLIGHT:
                entry["waiting"] += 1
            elif email.status == OutgoingEmail.Status.SENT:
                entry["sent"] += 1
            else:
                entry["failed"] += 1
                failures.append((row.invitation, email))
    return {
        "email_counts": list(kinds.values()),
        "in_flight": any(entry["waiting"] for entry in kinds.values()),
        "failures": failures,
    }


@require_GET
def briefing_delivery_panel(request, briefing_id: int):
    return _panel(request, _briefing_for(request, briefing_id, edit=False))


def _respond(request, briefing, action):
    try:
        report = action()
    except ValidationError as exc:
        if not request.htmx:
            messages.error(request, " ".join(exc.messages))
            return redirect("outreach:briefing-detail", pk=briefing.pk)
        return _panel(request, briefing, error=" ".join(exc.messages), status=400, notes=_notes(request))
    if not request.htmx:
        messages.success(
            request,
            ngettext("%(count)d email queued.", "%(count)d emails queued.", len(report.queued))
            % {"count": len(report.queued)},
        )
        return redirect("outreach:briefing-detail", pk=briefing.pk)
    return _panel(request, briefing, report=report)


def _send_at(request):
    """The optional "send at" field: a local date and time in the staff member's time zone."""
    raw = request.POST.get("send_at", "").strip()
    if not raw:
        return None
    try:
        naive = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationError(_("Give the sending time as a date and time, e.g. 2020-11-02 09:00.")) from None
    if naive.tzinfo is not None:
        return naive
    return timezone.make_aware(naive, zoneinfo.ZoneInfo(request.user.time_zone))


@require_POST
def briefing_send_invitations(request, briefing_id: int):
    briefing = _briefing_for(request, briefing_id, edit=True)
    return _respond(
        request,
        briefing,
        lambda: invitations_send(briefing=briefing, by=request.user, send_at=_send_at(request), notes=_notes(request)),
    )


@require_POST
def briefing_preview_invitation(request, briefing_id: int):
    """The invitation as each language's invitees will see it, with the notes typed so far (HTML, text, calendar)."""
    briefing = _briefing_for(request, briefing_id, edit=True)
    notes = _notes(request)
    error, previews = "", []
    try:
        previews = invitation_previews(briefing=briefing, notes=clean_notes(notes))
    except ValidationError as exc:
        error = " ".join(exc.messages)
    context = {"briefing": briefing, "previews": previews, "error": error}
    if request.htmx:
        return render(request, "outreach/partials/invitation_preview.html", context, status=400 if error else 200)
    return render(
        request,
        "outreach/briefing_preview_page.html",
        {**context, "note_fields": _note_fields(briefing, notes), "note_max_length": NOTE_MAX_LENGTH},
        status=400 if error else 200,
    )


@require_POST
def briefing_test_invitation(request, briefing_id: int):
    """Send the coordinator a test of the invitation (one per language), through the outbox."""
    briefing = _briefing_for(request, briefing_id, edit=True)
    notes = _notes(request)
    try:
        tests = invitation_test_send(briefing=briefing, by=request.user, notes=notes)
    except ValidationError as exc:
        if not request.htmx:
            messages.error(request, " ".join(exc.messages))
            return redirect("outreach:briefing-detail", pk=briefing.pk)
        return _panel(request, briefing, error=" ".join(exc.messages), status=400, notes=notes)
    if not request.htmx:
        messages.success(
            request,
            ngettext(
                "A test is on its way to %(address)s.", "%(counter)s tests are on their way to %(address)s.", len(tests)
            )
            % {"counter": len(tests), "address": request.user.email},
        )
        return redirect("outreach:briefing-detail", pk=briefing.pk)
    return _panel(request, briefing, notes=notes, tests=tests)


@require_POST
def briefing_nudge_organisation(request, briefing_id: int, organisation_id: int):
    briefing = _briefing_for(request, briefing_id, edit=True)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    return _respond(
        request,
        briefing,
        lambda: invitations_nudge_organisation(briefing=briefing, organisation_id=organisation.pk, by=request.user),
    )
