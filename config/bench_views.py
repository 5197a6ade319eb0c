"""The benchmark's baselines, mounted under /bench/ only when PARLEY_BENCH_ENDPOINTS is on.

bench/pages.py measures every page beside these two on the same server in the same run: a bare
``JsonResponse`` (the cheapest Django answer) and a bare DRF ``APIView`` listing 50 rows (the
cheapest API list), so a page's figure reads as a ratio.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from outreach.models import Contact


@login_not_required
def bare_json(request):
    return JsonResponse({"status": "alive"})


class BareList(APIView):
    """50 contacts as plain dicts: no serializer, no filters, no pagination, no count."""

    def get(self, request):
        rows = list(Contact.objects.order_by("pk").values("id", "full_name", "email", "country")[:50])
        return Response(rows)


urlpatterns = [
    path("json/", bare_json, name="bench-json"),
    path("drf-list/", BareList.as_view(), name="bench-drf-list"),
]
