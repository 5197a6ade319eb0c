"""GET /api/v1/me/due/: what is due for the caller, as on their home page and in their digest."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from campaigns.reports.due import DueList, new_mentions_for_user

MAX_DAYS_AHEAD = 60
MAX_ITEMS = 200
ITEMS_BY_DEFAULT = 50  # a page of every other API list


class DueQuerySerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=0, max_value=MAX_DAYS_AHEAD, default=0, required=False)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_ITEMS, default=ITEMS_BY_DEFAULT, required=False)


class DueItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["interaction", "pitch", "briefing-invite", "briefing-attendance"])
    id = serializers.IntegerField(help_text="Id of the interaction, pitch or briefing.")
    title = serializers.CharField()
    due = serializers.DateField()
    days_overdue = serializers.IntegerField()
    campaign = serializers.IntegerField()
    url = serializers.CharField(help_text="The staff page where it is done.")


class DueSerializer(serializers.Serializer):
    today = serializers.DateField()
    items = DueItemSerializer(many=True, help_text="The first `limit` items, oldest due first.")
    total = serializers.IntegerField(help_text="How many items are due in all (may be more than listed).")
    new_mentions = serializers.IntegerField(help_text="Mentions of the caller's campaigns in the last 24 hours.")


def _title(item) -> str:
    obj = item.obj
    if item.kind == "interaction":
        return obj.next_step or obj.summary[:120]
    if item.kind == "pitch":
        return f"{obj.op_ed.title} → {obj.outlet}"
    return obj.title


class DueView(APIView):
    """Follow-ups, pitches awaiting an answer and briefings needing action that are the caller's."""

    @classmethod
    def as_view(cls, **initkwargs):
        # The API answers 401 in JSON itself; never the sign-in page's redirect.
        return login_not_required(super().as_view(**initkwargs))

    @extend_schema(
        parameters=[
            OpenApiParameter("days", int, description="Also what falls due in this many days (0-60)."),
            OpenApiParameter(
                "limit", int, description="List at most this many items, oldest due first (1-200, 50 by default)."
            ),
        ],
        responses={200: DueSerializer},
    )
    def get(self, request):
        query = DueQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        today, now = timezone.localdate(), timezone.now()
        until = today + dt.timedelta(days=query.validated_data["days"])
        due = DueList(user=request.user, today=today, until=until, now=now)
        items, total = due.head(query.validated_data["limit"])
        body = {
            "today": today,
            "items": [
                {
                    "kind": item.kind,
                    "id": item.obj.pk,
                    "title": _title(item),
                    "due": item.due,
                    "days_overdue": item.days_overdue(today),
                    "campaign": item.campaign.pk,
                    "url": request.build_absolute_uri(item.path),
                }
                for item in items
            ],
            "total": total,
            "new_mentions": new_mentions_for_user(user=request.user, now=now).count(),
        }
        return Response(DueSerializer(body).data)
