"""The type-ahead behind outreach.widgets.TypeAheadSelect: at most 8 matches by name, and the
picker redrawn with the one chosen."""

from __future__ import annotations

import re

from django.http import HttpResponseBadRequest
from django.shortcuts import render

from campaigns.permissions import campaign_ids_for
from media_tracker.models import Outlet
from outreach.models import Contact, OpEd, Organisation
from outreach.services.protection import contacts_search_condition
from outreach.widgets import TYPEAHEAD_KINDS, TypeAheadSelect

LIMIT = 8
# The field name and element id the picker was drawn with: echoed back into the page, so only
# what Django itself would generate (letters, digits, _ and -).
SAFE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,80}$")


def matches(kind: str, query: str, *, user=None) -> list:
    """The first LIMIT active rows of ``kind`` whose name holds ``query`` (a contact also by the
    name shown or email: contacts_search_condition), in name order. Each is a bounded, indexed read:
    a trigram index finds the names (PostgreSQL), the name index gives the order. Op-eds are those of
    ``user``'s campaigns (originals, not their translations), found by title."""
    if kind == "contact":
        rows = Contact.objects.active().filter(contacts_search_condition(query)).select_related("organisation")
        return list(rows.order_by("full_name", "pk")[:LIMIT])
    if kind == "op_ed":
        return list(choosable(kind, user).filter(title__icontains=query).order_by("title", "pk")[:LIMIT])
    model = Organisation if kind == "organisation" else Outlet
    return list(model.objects.active().filter(name__icontains=query).order_by("name", "pk")[:LIMIT])


def choosable(kind: str, user):
    """The rows of ``kind`` a person may pick."""
    if kind == "op_ed":
        campaigns = campaign_ids_for(user=user) if user is not None else set()
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
        return HttpResponseBadRequest("kind must be contact, organisation, outlet or op_ed, with a field name and id")
    kind, name, id_attr = params
    query = (request.GET.get(f"{name}_q") or request.GET.get("q") or "").strip()[:100]
    results = matches(kind, query, user=request.user) if len(query) >= 2 else []
    context = {"results": results, "kind": kind, "name": name, "id_attr": id_attr, "query": query}
    return render(request, "outreach/widgets/_typeahead_results.html", context)


def typeahead_pick(request):
    """The picker with the chosen row (or empty, to search again)."""
    params = _params(request)
    if params is None:
        return HttpResponseBadRequest("kind must be contact, organisation, outlet or op_ed, with a field name and id")
    kind, name, id_attr = params
    widget = TypeAheadSelect(kind, queryset=choosable(kind, request.user))
    return render(request, widget.template_name, widget.get_context(name, request.GET.get("id"), {"id": id_attr}))
