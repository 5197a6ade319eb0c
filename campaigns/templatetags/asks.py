"""``{% link_to_ask source %}``: the "Link to an ask" control for an interaction, a briefing, a
placement, a mention or an op-ed, reading each campaign's asks once per page."""

from __future__ import annotations

from django import template

from campaigns.views.evidence import CONTROL_TEMPLATE, link_cache_for, link_control_context

register = template.Library()


@register.inclusion_tag(CONTROL_TEMPLATE, takes_context=True)
def link_to_ask(context, source):
    request = context["request"]
    cache = link_cache_for(request)
    return {
        **link_control_context(user=request.user, source=source, cache=cache, next_url=request.get_full_path()),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
