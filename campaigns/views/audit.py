"""The audit trail's pages: a campaign's (its coordinators) and a contact's (coordinators), filterable
and exported as CSV. Entries are read here, never edited (no view writes one but the export's own)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from campaigns import permissions
from campaigns.audit import audit_event, audit_trail
from campaigns.models import AuditEntry, Campaign, Membership
from campaigns.views.common import csv_response, querystring_without_page, require_manage

PAGE_SIZE = 50
CSV_LIMIT = 50_000


class AuditFilterForm(forms.Form):
    event = forms.ChoiceField(
        label=gettext_lazy("What"), required=False, choices=[("", gettext_lazy("Anything"))] + AuditEntry.Event.choices
    )
    who = forms.CharField(label=gettext_lazy("Who"), required=False, max_length=150)
    since = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def filter(self, entries):
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["event"]:
            entries = entries.filter(event=data["event"])
        if data["who"]:
            entries = entries.filter(actor_label__icontains=data["who"].strip())
        if data["since"]:
            entries = entries.filter(timestamp__gte=dt.datetime.combine(data["since"], dt.time.min, tzinfo=dt.UTC))
        if data["until"]:
            end = dt.datetime.combine(data["until"] + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
            entries = entries.filter(timestamp__lt=end)
        return entries


def entry_row(entry: AuditEntry, *, hidden_fields=frozenset(), shown_as=None) -> dict:
    """An entry as the page and the CSV show it; ``hidden_fields`` are changes the reader may not see,
    and ``shown_as`` is ``(model, pk, name)``: the name the reader may see for that record."""
    changes = []
    for field, values in (entry.changes or {}).items():
        if field in hidden_fields:
            values = ["…", "…"]
        if isinstance(values, dict):  # a many-to-many change: {"operation", "objects"}
            values = [values.get("operation", ""), ", ".join(values.get("objects", []))]
        before, after = (list(values) + ["", ""])[:2] if isinstance(values, list | tuple) else ("", values)
        changes.append((field, before, after))
    what = entry.object_repr
    if shown_as is not None and entry.content_type.model_class() is shown_as[0] and entry.object_pk == str(shown_as[1]):
        what = shown_as[2]
    return {
        "when": entry.timestamp,
        "event": entry.get_event_display(),
        "who": entry.actor_label or (str(entry.actor) if entry.actor_id else _("the system")),
        "kind": entry.content_type.model_class()._meta.verbose_name if entry.content_type.model_class() else "",
        "what": what,
        "changes": changes,
    }


def audit_page(request, *, entries, title: str, back_url: str, csv_url: str, hidden_fields=frozenset(), shown_as=None):
    form = AuditFilterForm(request.GET or None)
    entries = form.filter(entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [entry_row(entry, hidden_fields=hidden_fields, shown_as=shown_as) for entry in page]
    return render(
        request,
        "campaigns/audit.html",
        {
            "title": title,
            "form": form,
            "page": page,
            "rows": rows,
            "back_url": back_url,
            "csv_url": csv_url,
            "querystring": querystring_without_page(request),
        },
    )


def audit_csv(
    request, *, entries, filename: str, model, obj=None, campaign_id=None, hidden_fields=frozenset(), shown_as=None
):
    """The filtered trail as CSV; the export itself goes on the trail."""
    form = AuditFilterForm(request.GET or None)
    entries = list(form.filter(entries)[:CSV_LIMIT])
    rows = []
    for entry in entries:
        row = entry_row(entry, hidden_fields=hidden_fields, shown_as=shown_as)
        changes = "; ".join(f"{field}: {before} → {after}" for field, before, after in row["changes"])
        rows.append([row["when"].isoformat(), row["event"], row["who"], row["kind"], row["what"], changes])
    audit_event(
        event=AuditEntry.Event.EXPORTED,
        by=request.user,
        obj=obj,
        model=model,
        label=_("Audit trail (%(count)d entries)") % {"count": len(rows)},
        campaign_id=campaign_id,
    )
    header = [_("When"), _("What"), _("Who"), _("Kind"), _("Record"), _("Changes")]
    return csv_response(filename, header, rows)


@require_safe
def campaign_audit(request, slug: str):
    campaign = get_object_or_404(Campaign, slug=slug)
    require_manage(request.user, campaign)
    return audit_page(
        request,
        entries=audit_trail(campaign_ids=[campaign.pk]),
        title=_("Audit trail: %(campaign)s") % {"campaign": campaign},
        back_url=reverse("campaigns:detail", args=[campaign.slug]),
        csv_url=reverse("campaigns:audit-csv", args=[campaign.slug]),
    )


@require_safe
def campaign_audit_csv(request, slug: str):
    campaign = get_object_or_404(Campaign, slug=slug)
    require_manage(request.user, campaign)
    return audit_csv(
        request,
        entries=audit_trail(campaign_ids=[campaign.pk]),
        filename=f"{campaign.slug}-audit.csv",
        model=Campaign,
        obj=campaign,
    )


def coordinated_campaign_ids(user) -> set[int]:
    """The campaigns whose audit entries the user reads (all, for an administrator)."""
    return permissions.campaign_ids_for(user=user, at_least=Membership.Role.COORDINATOR)


def latest_for_campaign(campaign: Campaign, *, limit: int = 10) -> list[dict]:
    return [entry_row(entry) for entry in audit_trail(campaign_ids=[campaign.pk])[:limit]]
