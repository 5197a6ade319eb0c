"""Home page ("my follow-ups") and its one-click actions: done, snooze, editor answered."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import permissions
from campaigns.reports.due import DueList, new_mentions_for_user
from campaigns.selectors import campaign_list_for_user
from campaigns.views.common import editable_campaign_ids, require_edit
from outreach.models import Interaction, Pitch
from outreach.services.interactions import interaction_mark_done, interaction_reopen, interaction_snooze
from outreach.services.pitches import pitch_record_answer

HORIZON_DAYS = 14
UNDO_SESSION_KEY = "parley_undo_done"  # the follow-up just marked done without JavaScript
# Items shown per page: someone back from leave may have thousands due; the page stays small.
PER_PAGE = 25


def home(request):
    """My follow-ups: what is due for me in the next two weeks (campaigns.reports.due), a page at a time."""
    today = timezone.localdate()
    now = timezone.now()
    due = DueList(user=request.user, today=today, until=today + dt.timedelta(days=HORIZON_DAYS), now=now)
    page = Paginator(due, PER_PAGE).get_page(request.GET.get("page"))
    counts = due.counts
    groups = [
        ("overdue", _("Overdue"), counts.overdue, [item for item in page if item.due < today]),
        ("today", _("Due today"), counts.today, [item for item in page if item.due == today]),
        ("upcoming", _("Coming up"), counts.upcoming, [item for item in page if item.due > today]),
    ]
    return render(
        request,
        "outreach/followups/home.html",
        {
            "groups": groups,
            "total": counts.total,
            "page": page,
            "new_mentions": new_mentions_for_user(user=request.user, now=now).count(),
            "campaigns": campaign_list_for_user(user=request.user),
            "today": today,
            "tomorrow": today + dt.timedelta(days=1),
            "next_week": today + dt.timedelta(days=7),
            "undo": _undo_offer(request),
            # A viewer keeps seeing what they logged before their role changed, without buttons.
            "editable_ids": editable_campaign_ids(request.user),
        },
    )


def _undo_offer(request):
    """The follow-up marked done by the previous (plain, no htmx) request, while it is still done."""
    pk = request.session.pop(UNDO_SESSION_KEY, None)
    if not isinstance(pk, int):
        return None
    interaction = Interaction.objects.filter(pk=pk, done=True).first()
    if interaction is None or not permissions.can_edit(user=request.user, campaign=interaction.campaign_id):
        return None
    return interaction


def _done_fragment(request, message: str):
    if request.htmx:
        return render(request, "outreach/followups/_done.html", {"message": message})
    messages.success(request, message)
    return redirect("home")


@require_POST
def interaction_done(request, pk: int):
    interaction = get_object_or_404(Interaction, pk=pk)
    require_edit(request.user, interaction.campaign_id)
    interaction_mark_done(interaction=interaction, by=request.user)
    message = _("Marked done: %(step)s") % {"step": _step(interaction)}
    if request.htmx:
        return render(
            request,
            "outreach/followups/_done.html",
            {"message": message, "undo": interaction},
        )
    messages.success(request, message)
    request.session[UNDO_SESSION_KEY] = interaction.pk
    return redirect("home")


@require_POST
def interaction_reopen_view(request, pk: int):
    """Undo "done": the follow-up is open again, back in its place on the list."""
    interaction = get_object_or_404(Interaction.objects.select_related("contact", "organisation", "campaign"), pk=pk)
    require_edit(request.user, interaction.campaign_id)
    interaction = interaction_reopen(interaction=interaction, by=request.user)
    if request.htmx:
        today = timezone.localdate()
        return render(
            request,
            "outreach/followups/_interaction.html",
            {
                "obj": interaction,
                "item": {"due": interaction.follow_up_on},
                "tomorrow": today + dt.timedelta(days=1),
                "next_week": today + dt.timedelta(days=7),
                "editable_ids": {interaction.campaign_id},
            },
        )
    messages.success(request, _("Open again: %(step)s") % {"step": _step(interaction)})
    return redirect("home")


def _step(interaction) -> str:
    return interaction.next_step or interaction.summary


@require_POST
def interaction_snooze_view(request, pk: int):
    interaction = get_object_or_404(Interaction, pk=pk)
    require_edit(request.user, interaction.campaign_id)
    try:
        until = dt.date.fromisoformat(request.POST.get("until", ""))
        interaction_snooze(interaction=interaction, until=until, by=request.user)
    except ValueError:
        return _refused_fragment(request, _("Choose a snooze date after today and within a year."))
    except ValidationError as exc:
        return _refused_fragment(request, " ".join(exc.messages))
    return _done_fragment(request, _("Snoozed until %(date)s.") % {"date": _format_date(until)})


def _refused_fragment(request, message: str):
    # Nothing changed: the reason takes the row's place until the next load (a message without htmx).
    if request.htmx:
        return render(request, "outreach/followups/_refused.html", {"message": message})
    messages.error(request, message)
    return redirect("home")


@require_POST
def pitch_answer(request, pk: int):
    pitch = get_object_or_404(Pitch.objects.select_related("op_ed", "outlet"), pk=pk)
    require_edit(request.user, pitch.op_ed.campaign_id)
    accepted = request.POST.get("answer") == "accepted"
    try:
        pitch_record_answer(pitch=pitch, accepted=accepted, answered_on=timezone.localdate(), by=request.user)
    except ValidationError as exc:
        return _done_fragment(request, " ".join(exc.messages))
    message = _("%(outlet)s accepted the piece.") if accepted else _("%(outlet)s declined the piece.")
    return _done_fragment(request, message % {"outlet": pitch.outlet})


def _format_date(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")
