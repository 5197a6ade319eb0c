"""The header search: type-ahead (a few results per kind, htmx) and the full results page (Enter)."""

from __future__ import annotations

from django.shortcuts import render

from campaigns.reports.search import PAGE_LIMIT, TYPEAHEAD_LIMIT, search_everything


def search_page(request):
    query = request.GET.get("q", "")
    results = search_everything(user=request.user, query=query, limit=PAGE_LIMIT) if query.strip() else None
    return render(request, "campaigns/search/page.html", {"query": query, "results": results, "limit": PAGE_LIMIT})


def search_suggest(request):
    query = request.GET.get("q", "")
    results = search_everything(user=request.user, query=query, limit=TYPEAHEAD_LIMIT) if query.strip() else None
    return render(request, "campaigns/search/_suggestions.html", {"query": query, "results": results})
