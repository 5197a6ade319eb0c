"""Reads of campaigns that views and the API share."""

from django.db.models import QuerySet

from campaigns.models import Campaign


def campaign_list_for_user(*, user) -> QuerySet[Campaign]:
    """The campaigns the user may see, with their coordinator."""
    return Campaign.objects.visible_to(user).select_related("coordinator").order_by("status", "name")
