"""The header's alert badge and a notification's one-line text."""

from __future__ import annotations

from django import template

from media_tracker.models import Notification
from media_tracker.services.alerts import notification_line

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_alerts(context) -> int:
    user = context["request"].user
    return Notification.objects.unread().filter(user=user).count() if user.is_authenticated else 0


@register.filter
def alert_text(notification: Notification) -> str:
    return notification_line(notification)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
