"""``{% web_link url label %}``: a stored link rendered as a link only when it is http(s)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from config.links import is_web_link

register = template.Library()


@register.simple_tag
def web_link(url, label=None):
    """An ``<a>`` to ``url`` when it is a safe web link; otherwise the label (or the address) as text.

    Links stored before validation existed, or by a path that skipped it, never become clickable.
    """
    text = url if label in (None, "") else label
    if is_web_link(url):
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', url, text)
    return format_html("{}", text)


register.filter("is_web_link", is_web_link)
