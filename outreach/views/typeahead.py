"""The type-ahead behind outreach.widgets.TypeAheadSelect: at most 8 matches by name, and the
picker redrawn with the one chosen."""

from __future__ import annotations

import re

from django.http import HttpResponseBadRequest
from django.shortcuts import render

from campaigns.views.common import visible_campaign_ids
from media_tracker.models import Outlet
from outreach.models import Contact, OpEd, Organisation
from outreach.services.protection import contacts_search_condition
from outreach.widgets import TYPEAHEAD_KINDS, TypeAheadSelect, TypeAheadSelectMultiple

LIMIT = 8
# The field name and element id the picker was drawn with: echoed back into the page, so only
# what Django itself would generate (letters, digits, _ and -).
SAFE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,80}$")
REFUSED = f"kind must be one of {', '.join(TYPEAHEAD_KINDS)}, with a field name and id"


def matches(kind: str, query: str, *, user=None) -> list:
    """The first LIMIT rows ``user`` may pick (``choosable``) whose name holds ``query`` (a contact
    also by the name shown or email: contacts_search_condition; an op-ed by its title), in name
    order. Each is a bounded, indexed read: a trigram index finds the names (PostgreSQL), the name
    index gives the order."""
    rows = choosable(kind, user)
    if kind == "contact":
        rows = rows.filter(contacts_search_condition(query)).select_related("organisation")
        return list(rows.order_by("full_name", "pk")[:LIMIT])
    name = "title" if kind == "op_ed" else "name"
    return list(rows.filter(**{f"{name}__icontains": query}).order_by(name, "pk")[:LIMIT])


def choosable(kind: str, user):
    """The rows of ``kind`` a person may pick: the active ones of a directory, or the op-eds of the
    person's campaigns (originals: a translation is reached through its original)."""
    if kind == "op_ed":
        campaigns = visible_campaign_ids(user) if user is not None else set()
        return OpEd.objects.filter(campaign_id__in=campaigns, version_of__isnull=True)
    return {"contact": Contact, "organisation": Organisation, "outlet": Outlet}[kind].objects.active()


def _params(request):
    kind, name, id_attr = (request.GET.get(key, "") for key in ("kind", "name", "id_attr"))
    if kind not in TYPEAHEAD_KINDS or not SAFE_NAME.match(name) or not SAFE_NAME.match(id_attr):
        return None
    return kind, name, id_attr


def typeahead(request):
    params = _params(request)
    if params is None:
        return HttpResponseBadRequest(REFUSED)
    kind, name, id_attr = params
    query = (request.GET.get(f"{name}_q") or request.GET.get("q") or "").strip()[:100]
    results = matches(kind, query, user=request.user) if len(query) >= 2 else []
    multiple = request.GET.get("multiple") == "1"
    context = {"results": results, "kind": kind, "name": name, "id_attr": id_attr, "query": query, "multiple": multiple}
    return render(request, "outreach/widgets/_typeahead_results.html", context)


def typeahead_pick(request):
    """The picker with the chosen row (or empty, to search again). For several rows (``multiple``):
    those already chosen (sent back as the field's values), with ``id`` added or ``remove`` taken off."""
    params = _params(request)
    if params is None:
        return HttpResponseBadRequest(REFUSED)
    kind, name, id_attr = params
    rows = choosable(kind, request.user)
    if request.GET.get("multiple") == "1":
        widget = TypeAheadSelectMultiple(kind, queryset=rows)
        chosen, removed = [*request.GET.getlist(name), request.GET.get("id", "")], request.GET.get("remove")
        value = [pk for pk in chosen if pk != removed]
    else:
        widget, value = TypeAheadSelect(kind, queryset=rows), request.GET.get("id")
    return render(request, widget.template_name, widget.get_context(name, value, {"id": id_attr}))
