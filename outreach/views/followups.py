"""Home page ("my follow-ups") and its one-click actions: done, snooze, editor answered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.selectors import campaign_list_for_user
from campaigns.views.common import editable_campaign_ids, require_edit, visible_campaign_ids
from outreach.models import Briefing, Interaction, Invitation, Pitch
from outreach.services.interactions import interaction_mark_done, interaction_snooze
from outreach.services.pitches import pitch_record_answer

HORIZON_DAYS = 14


@dataclass
class FollowUp:
    kind: str  # "interaction", "pitch", "briefing-invite", "briefing-attendance"
    obj: object
    due: dt.date

    @property
    def template(self) -> str:
        return f"outreach/followups/_{self.kind}.html"


def follow_ups_for(*, user, today: dt.date) -> dict[str, list[FollowUp]]:
    """The signed-in user's open follow-ups, split into overdue, today and upcoming."""
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    visible = visible_campaign_ids(user)
    items: list[FollowUp] = []

    interactions = (
        Interaction.objects.open_follow_ups()
        .filter(campaign_id__in=visible, logged_by=user, follow_up_on__lte=horizon)
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=today))
        .select_related("contact", "organisation", "campaign")
    )
    items += [FollowUp("interaction", i, i.follow_up_on) for i in interactions]

    pitches = (
        Pitch.objects.awaiting_answer()
        .filter(op_ed__campaign_id__in=visible)
        .filter(Q(owner=user) | Q(owner__isnull=True, op_ed__owner=user))
        .select_related("op_ed__campaign", "outlet", "editor")
    )
    for pitch in pitches:
        due = pitch.follow_up_on or (pitch.pitched_on + dt.timedelta(days=pitch.op_ed.campaign.follow_up_delay_days))
        if due <= horizon:
            items.append(FollowUp("pitch", pitch, due))

    editable = editable_campaign_ids(user)
    now = timezone.now()
    upcoming_briefings = (
        Briefing.objects.filter(campaign_id__in=editable, starts_at__gt=now, starts_at__date__lte=horizon)
        .exclude(status=Briefing.Status.CANCELLED)
        .annotate(invited=Count("invitations"))
        .filter(invited=0)
        .select_related("campaign")
    )
    for briefing in upcoming_briefings:
        due = max(today, timezone.localdate(briefing.starts_at) - dt.timedelta(days=7))
        items.append(FollowUp("briefing-invite", briefing, due))
    unticked = Invitation.objects.filter(status=Invitation.Status.ACCEPTED, attended__isnull=True).values("briefing_id")
    past_briefings = (
        Briefing.objects.filter(campaign_id__in=editable, ends_at__lt=now, pk__in=unticked)
        .filter(ends_at__gt=now - dt.timedelta(days=30))
        .exclude(status=Briefing.Status.CANCELLED)
        .select_related("campaign")
    )
    items += [FollowUp("briefing-attendance", b, timezone.localdate(b.ends_at)) for b in past_briefings]

    items.sort(key=lambda item: item.due)
    return {
        "overdue": [i for i in items if i.due < today],
        "today": [i for i in items if i.due == today],
        "upcoming": [i for i in items if i.due > today],
    }


def home(request):
    today = timezone.localdate()
    groups = follow_ups_for(user=request.user, today=today)
    return render(
        request,
        "outreach/followups/home.html",
        {
            "groups": [
                ("overdue", _("Overdue"), groups["overdue"]),
                ("today", _("Due today"), groups["today"]),
                ("upcoming", _("Coming up"), groups["upcoming"]),
            ],
            "total": sum(len(v) for v in groups.values()),
            "campaigns": campaign_list_for_user(user=request.user),
            "today": today,
            "tomorrow": today + dt.timedelta(days=1),
            "next_week": today + dt.timedelta(days=7),
        },
    )


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
    return _done_fragment(request, _("Marked done: %(step)s") % {"step": interaction.next_step or interaction.summary})


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
