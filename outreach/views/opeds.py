"""Op-ed pipeline: a board by status, op-eds with their language versions, and pitches to outlets.

Every change goes through a service (outreach/services/opeds.py, pitches.py, and the placement
services of media_tracker), the same the API and the admin call.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import permissions
from campaigns.views.common import (
    FormToken,
    editable_campaign_ids,
    new_form_token,
    querystring_without_page,
    require_any_edit,
    require_edit,
    require_view,
    visible_campaign_ids,
)
from media_tracker.models import ExclusivityBreach, Placement
from media_tracker.services.placements import pitch_record_placement, placement_update
from outreach.forms import OpEdForm, PitchForm
from outreach.models import OpEd, Pitch
from outreach.services import opeds as oped_services
from outreach.services import pitches as pitch_services

LIVE_STATUSES = {Pitch.Status.PITCHED, Pitch.Status.ACCEPTED}
BOARD_PAGE_SIZE = 10  # op-eds per column and page


def oped_board(request):
    """The board by status, a page at a time: page n shows the nth 10 op-eds of every column
    (by title), with the pitches of those op-eds only; each column's heading counts them all."""
    op_eds = OpEd.objects.filter(campaign_id__in=visible_campaign_ids(request.user))
    campaign = request.GET.get("campaign", "")
    if campaign.isdigit():
        op_eds = op_eds.filter(campaign_id=int(campaign))
    counts = dict(op_eds.values_list("status").annotate(n=Count("pk")).order_by())
    # Pages of the longest column; a range stands for it, so the paginator reads no rows.
    page = Paginator(range(max(counts.values(), default=0)), BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    offset = (page.number - 1) * BOARD_PAGE_SIZE
    shown = (
        op_eds.annotate(row=Window(RowNumber(), partition_by=[F("status")], order_by=[F("title"), F("pk")]))
        .filter(row__gt=offset, row__lte=offset + BOARD_PAGE_SIZE)
        .select_related("campaign", "version_of")
        # Each relation as a plain list (to_attr): Django builds no manager and queryset per row for
        # it, which had cost a third of the board's time.
        .prefetch_related(
            Prefetch("authors", to_attr="listed_authors"),
            Prefetch("language_versions", to_attr="listed_versions"),
            Prefetch(
                "pitches",
                queryset=Pitch.objects.select_related("outlet", "editor")
                .prefetch_related(
                    Prefetch(
                        "exclusivity_breaches",
                        queryset=ExclusivityBreach.objects.select_related("article__outlet"),
                        to_attr="listed_breaches",
                    )
                )
                .order_by("position", "id"),
                to_attr="listed_pitches",
            ),
        )
        .order_by("title", "pk")
    )
    columns = [(status, label, counts.get(status, 0), []) for status, label in OpEd.Status.choices]
    by_status = {status: items for status, _label, _count, items in columns}
    for op_ed in shown:
        op_ed.next_outlet = _next_planned(op_ed) if _has_expired(op_ed) else None
        by_status[op_ed.status].append(op_ed)
    return render(
        request,
        "outreach/opeds/board.html",
        {
            "columns": columns,
            "page": page,
            "querystring": querystring_without_page(request),
            "editable_ids": editable_campaign_ids(request.user),
        },
    )


def _has_expired(op_ed) -> bool:
    pitches = op_ed.listed_pitches
    return any(p.status == Pitch.Status.EXPIRED for p in pitches) and not any(
        p.status in LIVE_STATUSES | {Pitch.Status.PLACED} for p in pitches
    )


def _next_planned(op_ed):
    return next((p for p in op_ed.listed_pitches if p.status == Pitch.Status.PLANNED), None)


OPED_CREATE_FIELDS = ("campaign", "title", "language", "version_of", "authors", "summary")


def oped_create(request):
    require_any_edit(request.user)
    campaign_ids = editable_campaign_ids(request.user)
    if request.method == "POST":
        token = FormToken(request)
        if not token.claim():
            messages.info(request, _("This op-ed was already saved."))
            return redirect(token.previous_url() or "outreach:oped-board")
        form = OpEdForm(request.POST, campaign_ids=campaign_ids)
        if form.is_valid():
            try:
                op_ed = oped_services.oped_create(
                    by=request.user, **{name: form.cleaned_data[name] for name in OPED_CREATE_FIELDS}
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                target = reverse("outreach:oped-board")
                token.done(target)
                messages.success(request, _("Op-ed saved: %(title)s") % {"title": op_ed.title})
                return redirect(target)
        token.release()
    else:
        form = OpEdForm(initial={"form_token": new_form_token()}, campaign_ids=campaign_ids)
    return render(request, "outreach/opeds/form.html", {"form": form})


def oped_edit(request, pk: int):
    """Edit an op-ed and move it along the board; its campaign is fixed (its pitches and placements are there)."""
    op_ed = get_object_or_404(OpEd.objects.select_related("campaign"), pk=pk)
    require_edit(request.user, op_ed.campaign_id)
    if request.method == "POST":
        stored_status = op_ed.status  # the form writes what was typed onto its instance
        form = OpEdForm(request.POST, instance=op_ed, campaign_ids=[op_ed.campaign_id])
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    changes = {name: data[name] for name in oped_services.EDITABLE_FIELDS if name in data}
                    op_ed = oped_services.oped_update(op_ed=op_ed, by=request.user, changes=changes)
                    if data["status"] != stored_status:
                        op_ed = oped_services.oped_set_status(op_ed=op_ed, status=data["status"], by=request.user)
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Op-ed saved: %(title)s") % {"title": op_ed.title})
                return redirect(reverse("outreach:oped-board") + f"#oped-{op_ed.pk}")
    else:
        form = OpEdForm(instance=op_ed, campaign_ids=[op_ed.campaign_id])
    return render(request, "outreach/opeds/form.html", {"form": form, "op_ed": op_ed})


def pitch_create(request, op_ed_pk: int):
    op_ed = get_object_or_404(OpEd, pk=op_ed_pk)
    require_edit(request.user, op_ed.campaign_id)
    return _pitch_form(request, op_ed=op_ed, pitch=None)


def pitch_edit(request, pk: int):
    pitch = get_object_or_404(Pitch.objects.select_related("op_ed", "outlet"), pk=pk)
    require_view(request.user, pitch.op_ed.campaign_id)
    return _pitch_form(request, op_ed=pitch.op_ed, pitch=pitch)


def _version_token(pitch) -> str:
    return pitch.updated_at.isoformat() if pitch else ""


def _other_live_pitches(op_ed, pitch):
    others = Pitch.objects.filter(op_ed=op_ed, status__in=LIVE_STATUSES).select_related("outlet")
    if pitch is not None:
        others = others.exclude(pk=pitch.pk)
    return list(others)


def _pitch_form(request, *, op_ed, pitch):
    can_edit = permissions.can_edit(user=request.user, campaign=op_ed.campaign_id)
    stale = None
    live_others = []
    if request.method == "POST":
        require_edit(request.user, op_ed.campaign_id)
        token = FormToken(request)
        if not token.claim():
            messages.info(request, _("This pitch was already saved."))
            return redirect(token.previous_url() or "outreach:oped-board")
        form = PitchForm(request.POST, instance=pitch or Pitch(op_ed=op_ed))
        if form.is_valid():
            live_others = _other_live_pitches(op_ed, pitch)
            if (
                form.cleaned_data["status"] in LIVE_STATUSES
                and (pitch is None or pitch.status not in LIVE_STATUSES)
                and live_others
                and not form.cleaned_data["confirm_second_pitch"]
            ):
                form.add_error(
                    "confirm_second_pitch",
                    _("This version is already with %(outlets)s. Tick the box to pitch it to a second outlet at once.")
                    % {"outlets": ", ".join(str(p.outlet) for p in live_others)},
                )
            else:
                try:
                    saved, stale = _save_pitch(request, form=form, op_ed=op_ed, pitch=pitch)
                except ValidationError as exc:
                    form.add_service_error(exc)
                except IntegrityError:
                    form.add_error("outlet", _("This op-ed has already been pitched to this outlet."))
                else:
                    if stale is not None:
                        # Keep what was typed; a second submit (now with the current version) overwrites.
                        data = request.POST.copy()
                        data["version"] = stale.updated_at.isoformat()
                        form = PitchForm(data, instance=pitch)
                        form.is_valid()
                    else:
                        target = reverse("outreach:oped-board")
                        _after_save_messages(request, saved)
                        token.done(target)
                        return redirect(target)
        token.release()
    else:
        initial = {"form_token": new_form_token(), "version": _version_token(pitch)}
        if pitch is None:
            initial["position"] = op_ed.pitches.count()
        if request.GET.get("status") in Pitch.Status.values:
            initial["status"] = request.GET["status"]
            if request.GET["status"] == Pitch.Status.PITCHED and not (pitch and pitch.pitched_on):
                initial["pitched_on"] = timezone.localdate()
        form = PitchForm(instance=pitch, initial=initial)
        live_others = _other_live_pitches(op_ed, pitch)
    return render(
        request,
        "outreach/opeds/pitch_form.html",
        {
            "form": form,
            "op_ed": op_ed,
            "pitch": pitch,
            "stale": stale,
            "can_edit": can_edit,
            "live_others": live_others,
        },
        status=409 if stale else 200,
    )


def _after_save_messages(request, pitch) -> None:
    messages.success(
        request, _("Pitch saved: %(pitch)s (%(status)s)") % {"pitch": pitch, "status": pitch.get_status_display()}
    )
    if pitch.status == Pitch.Status.EXPIRED:
        next_pitch = Pitch.objects.filter(op_ed=pitch.op_ed, status=Pitch.Status.PLANNED).order_by("position", "id")
        following = next_pitch.select_related("outlet").first()
        if following:
            messages.warning(
                request,
                _("No answer from %(outlet)s. The next outlet on the list is %(next)s: offer it there from the board.")
                % {"outlet": pitch.outlet, "next": following.outlet},
            )


PITCH_CREATE_FIELDS = ("outlet", "editor", "follow_up_on", "outcome", "position")


@transaction.atomic
def _save_pitch(request, *, form, op_ed, pitch):
    """Make each step the form records through its service, or return the current row when someone
    else changed it since the form was opened. A refused step undoes the others."""
    data = form.cleaned_data
    by = request.user
    if pitch is None:
        pitched_on = None if data["status"] == Pitch.Status.PLANNED else data.get("pitched_on")
        current = pitch_services.pitch_create(
            op_ed=op_ed, by=by, pitched_on=pitched_on, **{name: data[name] for name in PITCH_CREATE_FIELDS}
        )
    else:
        current = Pitch.objects.select_for_update().get(pk=pitch.pk)
        if data.get("version") != current.updated_at.isoformat():
            return current, current
    # The move first: it may give the date the pitch was sent, which a detail edit then leaves alone.
    if data["status"] != current.status:
        current = _move_pitch(current, data, by)
    details = {
        name: data[name]
        for name in pitch_services.EDITABLE_FIELDS
        if name in data and data[name] != getattr(current, name)
    }
    if details:
        current = pitch_services.pitch_update(pitch=current, by=by, changes=details)
    if current.status == Pitch.Status.PLACED:
        _update_placement(current, data, by)
    return current, None


def _update_placement(pitch, data, by) -> None:
    """Corrections to where, when and as what a placed piece ran go through the placement service."""
    placement = Placement.objects.filter(pitch=pitch).first()
    if placement is None:
        return
    typed = {
        "url": data.get("placement_url") or "",
        "published_on": data.get("placement_date"),
        "kind": data.get("placement_kind") or placement.kind,
    }
    changes = {name: value for name, value in typed.items() if value is not None and value != getattr(placement, name)}
    if changes:
        placement_update(placement=placement, by=by, changes=changes)


def _move_pitch(pitch, data, by):
    status = data["status"]
    if status in {Pitch.Status.ACCEPTED, Pitch.Status.DECLINED}:
        if pitch.status == Pitch.Status.PLANNED and data.get("pitched_on"):
            pitch = pitch_services.pitch_set_status(
                pitch=pitch, status=Pitch.Status.PITCHED, pitched_on=data["pitched_on"], by=by
            )
        return pitch_services.pitch_record_answer(
            pitch=pitch,
            accepted=status == Pitch.Status.ACCEPTED,
            answered_on=data.get("answered_on") or timezone.localdate(),
            outcome=data.get("outcome", ""),
            by=by,
        )
    if status == Pitch.Status.PLACED and data.get("placement_url") and data.get("placement_date"):
        pitch_record_placement(
            pitch=pitch,
            url=data["placement_url"],
            published_on=data["placement_date"],
            kind=data.get("placement_kind") or "oped",
            by=by,
        )
        pitch.refresh_from_db()
        return pitch
    # Anything else, "placed" without where and when it ran included, is the service's to allow.
    return pitch_services.pitch_set_status(pitch=pitch, status=status, pitched_on=data.get("pitched_on"), by=by)
