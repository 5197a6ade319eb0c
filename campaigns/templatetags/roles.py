"""``{% can_log_outreach as can_log %}``: whether the signed-in person may log outreach anywhere, so a
viewer is never shown a control that would be refused. Asked once per request."""

from __future__ import annotations

from django import template

from campaigns.views.common import editable_campaign_ids

register = template.Library()


@register.simple_tag(takes_context=True)
def can_log_outreach(context) -> bool:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return False
    if not hasattr(request, "_parley_can_log"):
        request._parley_can_log = bool(editable_campaign_ids(request.user))
    return request._parley_can_log
