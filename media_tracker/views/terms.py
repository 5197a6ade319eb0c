"""Tracked terms: what each campaign looks for in the press, in every language it works in."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from campaigns.views.common import editable_campaign_ids, require_edit, visible_campaign_ids
from media_tracker.forms import TrackedTermForm
from media_tracker.models import AlertSubscription, TrackedTerm
from media_tracker.services.terms import tracked_term_create, tracked_term_update

FIELDS = ("term", "kind", "language", "exact", "forms", "exclusions", "is_active")


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def terms(request):
    campaign_ids = visible_campaign_ids(request.user)
    editable = editable_campaign_ids(request.user)
    rows = (
        TrackedTerm.objects.filter(campaign_id__in=campaign_ids).select_related("campaign").order_by("campaign", "term")
    )
    campaign = request.GET.get("campaign", "")
    if campaign.isdigit():
        rows = rows.filter(campaign_id=int(campaign))
    form = TrackedTermForm(request.POST or None, campaign_ids=editable)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require_edit(request.user, data["campaign"].pk)
        try:
            term = tracked_term_create(
                campaign=data["campaign"], by=request.user, **{name: data[name] for name in FIELDS}
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Now tracking “%(term)s”.") % {"term": term})
            return redirect("media_tracker:terms")
    alerted = dict(AlertSubscription.objects.filter(user=request.user, term__isnull=False).values_list("term_id", "pk"))
    return render(
        request,
        "media_tracker/terms.html",
        {"terms": rows, "form": form, "editable_ids": editable, "alerted": alerted},
        status=400 if form.errors else 200,
    )


def term_edit(request, pk: int):
    term = get_object_or_404(TrackedTerm, pk=pk, campaign_id__in=visible_campaign_ids(request.user))
    require_edit(request.user, term.campaign_id)
    form = TrackedTermForm(request.POST or None, instance=term, campaign_ids=editable_campaign_ids(request.user))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in FIELDS if not form.fields[name].disabled}
        try:
            tracked_term_update(tracked_term=term, by=request.user, **changes)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Term saved."))
            return redirect("media_tracker:terms")
    return render(
        request, "media_tracker/term_form.html", {"form": form, "term": term}, status=400 if form.errors else 200
    )
