"""Campaign dashboard, overview across campaigns, quarterly update, and their CSV exports."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import permissions
from campaigns.audit import audit_event
from campaigns.models import AuditEntry, Campaign
from campaigns.reports import charts
from campaigns.reports.dashboard import Period, campaign_dashboard, campaigns_overview
from campaigns.reports.results import ask_timelines
from campaigns.views.common import csv_response

DEFAULT_DAYS = 90
MAX_SPAN = dt.timedelta(days=3 * 366)


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date must not be before the start date."))
        if start and end and end - start > MAX_SPAN:
            raise forms.ValidationError(_("Choose a period of at most three years."))
        return data

    def period(self, default: Period) -> Period:
        if not self.is_valid():
            return default
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start and end:
            return Period(start=start, end=end)
        if start:
            return Period(start=start, end=min(max(start, default.end), start + MAX_SPAN))
        if end:
            return Period(start=end - dt.timedelta(days=DEFAULT_DAYS - 1), end=end)
        return default


def _campaign_for(request, slug: str) -> Campaign:
    campaign = get_object_or_404(Campaign, slug=slug)
    if not permissions.can_view(user=request.user, campaign=campaign):
        raise Http404  # not a member: the campaign does not exist for them
    return campaign


def _default_period(campaign: Campaign) -> Period:
    """The last 90 days, or the campaign's last 90 days once it has closed."""
    end = campaign.closed_on or Period.last_days(1).end
    return Period(start=end - dt.timedelta(days=DEFAULT_DAYS - 1), end=end)


def _tables(board) -> dict[str, tuple[list[str], list[list]]]:
    """Every table behind the dashboard as (header, rows), for the page and the CSV exports."""

    def person(row):
        full = f"{row['logged_by__first_name']} {row['logged_by__last_name']}".strip()
        return full or row["logged_by__username"] or _("(nobody)")

    return {
        "mentions_by_week": ([_("Week"), _("Mentions")], [[r["week"], r["count"]] for r in board.mentions_by_week]),
        "mentions_by_country": (
            [_("Country"), _("Mentions")],
            [[r["country"] or "—", r["count"]] for r in board.mentions_by_country],
        ),
        "mentions_by_language": (
            [_("Language"), _("Mentions")],
            [[r["language"] or "—", r["count"]] for r in board.mentions_by_language],
        ),
        "mentions_by_outlet": (
            [_("Outlet"), _("Mentions")],
            [[r["outlet"], r["count"]] for r in board.mentions_by_outlet],
        ),
        "pitches_by_country": (
            [_("Country"), _("Pitched"), _("Accepted or placed"), _("Acceptance rate (%)")],
            [[r["label"], r["pitched"], r["won"], r["acceptance_rate"]] for r in board.pitches_by_country],
        ),
        "pitches_by_outlet": (
            [_("Outlet"), _("Pitched"), _("Accepted or placed"), _("Acceptance rate (%)")],
            [[r["label"], r["pitched"], r["won"], r["acceptance_rate"]] for r in board.pitches_by_outlet],
        ),
        "placements": (
            [_("Date"), _("Outlet"), _("Kind"), _("Title"), _("URL")],
            [[p.published_on, p.outlet.name, p.get_kind_display(), p.title, p.url] for p in board.placements],
        ),
        "asks": (
            [_("Ask"), _("Target"), _("Status")],
            [[a.title, a.target, a.get_status_display()] for a in board.asks],
        ),
        "overdue_follow_ups": (
            [_("Staff member"), _("Overdue follow-ups")],
            [[person(r), r["overdue"]] for r in board.overdue_by_person],
        ),
        "activity": (
            [_("When"), _("Channel"), _("With"), _("What happened"), _("Logged by")],
            [
                [
                    i.occurred_at,
                    i.get_channel_display(),
                    str(i.contact or i.organisation),
                    i.summary,
                    str(i.logged_by or ""),
                ]
                for i in board.activity
            ],
        ),
    }


def _charts(board, tables) -> dict:
    weeks = [(row[0].strftime("%Y-%m-%d"), row[1]) for row in tables["mentions_by_week"][1]]
    return {
        "mentions_over_time": charts.time_series(weeks, label=_("Mentions per week")),
        "mentions_by_country": charts.bars(
            [(r[0], r[1]) for r in tables["mentions_by_country"][1]], label=_("Mentions by country")
        ),
        "mentions_by_language": charts.bars(
            [(r[0], r[1]) for r in tables["mentions_by_language"][1]], label=_("Mentions by language")
        ),
        "mentions_by_outlet": charts.bars(
            [(r[0], r[1]) for r in tables["mentions_by_outlet"][1]], label=_("Mentions by outlet")
        ),
        "pitch_funnel": charts.funnel(
            [
                (_("Pitched"), board.pitches["pitched"]),
                (_("Accepted or placed"), board.pitches["won"]),
                (_("Placed"), board.pitches["placed"]),
            ],
            label=_("Op-ed pitches"),
        ),
    }


def _context(campaign, form, board, tables) -> dict:
    return {
        "campaign": campaign,
        "form": form,
        "board": board,
        "tables": tables,
        "charts": _charts(board, tables),
        "overdue_total": sum(row["overdue"] for row in board.overdue_by_person),
    }


def dashboard(request, slug: str):
    campaign = _campaign_for(request, slug)
    form = PeriodForm(request.GET or None)
    period = form.period(_default_period(campaign))
    board = campaign_dashboard(campaign=campaign, period=period)
    tables = _tables(board)
    context = _context(campaign, form, board, tables)
    context["timelines"] = ask_timelines(campaign=campaign, start=period.start, end=period.end)
    return render(request, "campaigns/dashboard.html", context)


def dashboard_csv(request, slug: str, table: str):
    campaign = _campaign_for(request, slug)
    form = PeriodForm(request.GET or None)
    period = form.period(_default_period(campaign))
    tables = _tables(campaign_dashboard(campaign=campaign, period=period))
    if table not in tables:
        raise Http404
    header, rows = tables[table]
    label = _("Dashboard table %(table)s, %(start)s to %(end)s") % {
        "table": table,
        "start": period.start,
        "end": period.end,
    }
    audit_event(event=AuditEntry.Event.EXPORTED, by=request.user, obj=campaign, label=label)
    return csv_response(f"{campaign.slug}-{table}-{period.start}-{period.end}.csv", header, rows)


def overview(request):
    campaigns = list(
        Campaign.objects.filter(pk__in=permissions.campaign_ids_for(user=request.user))
        .select_related("coordinator")
        .order_by("status", "name")
    )
    form = PeriodForm(request.GET or None)
    period = form.period(Period.last_days(30))
    rows = campaigns_overview(campaigns=campaigns, period=period)
    return render(request, "campaigns/overview.html", {"rows": rows, "form": form, "period": period})
