"""Alerts: what each person asked to be told of at once, and what they were told."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.views.common import paginate, visible_campaign_ids
from media_tracker.forms import AlertSubscribeForm
from media_tracker.models import AlertSubscription, Notification
from media_tracker.services.alerts import alert_subscribe, alert_unsubscribe, notifications_mark_read


def alerts(request, form: AlertSubscribeForm | None = None, status: int = 200):
    campaign_ids = visible_campaign_ids(request.user)
    notifications = Notification.objects.filter(user=request.user).select_related(
        "campaign",
        "mention__article__outlet",
        "breach__article__outlet",
        "breach__pitch__op_ed",
        "breach__pitch__outlet",
    )
    subscriptions = AlertSubscription.objects.filter(user=request.user).select_related("campaign", "term", "op_ed")
    return render(
        request,
        "media_tracker/alerts.html",
        {
            "page": paginate(request, notifications),
            "subscriptions": subscriptions,
            "form": form or AlertSubscribeForm(campaign_ids=campaign_ids),
            "unread": notifications.filter(read_at__isnull=True).count(),
        },
        status=status,
    )


@require_POST
def alert_subscribe_view(request):
    form = AlertSubscribeForm(request.POST, campaign_ids=visible_campaign_ids(request.user))
    if form.is_valid():
        try:
            alert_subscribe(by=request.user, term=form.cleaned_data["term"], op_ed=form.cleaned_data["op_ed"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("You will be alerted at once."))
            return redirect(request.POST.get("back") == "terms" and "media_tracker:terms" or "media_tracker:alerts")
    if request.POST.get("back") == "terms":
        for error in form.errors.get("__all__", []):
            messages.error(request, error)
        return redirect("media_tracker:terms")
    return alerts(request, form=form, status=400)


@require_POST
def alert_unsubscribe_view(request, pk: int):
    subscription = get_object_or_404(AlertSubscription, pk=pk, user=request.user)
    try:
        alert_unsubscribe(subscription=subscription, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Alert removed."))
    return redirect(request.POST.get("back") == "terms" and "media_tracker:terms" or "media_tracker:alerts")


@require_POST
def alerts_read(request):
    notifications_mark_read(by=request.user)
    return redirect("media_tracker:alerts")
