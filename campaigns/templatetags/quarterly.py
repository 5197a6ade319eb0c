"""Filters for the quarterly document's templates."""

from __future__ import annotations

import unicodedata

from django import template

register = template.Library()


@register.filter
def paragraphs(text: str) -> list[str]:
    """The paragraphs of a section's text (separated by a blank line), so that each one takes its own
    direction: an English paragraph in an Arabic document still reads left to right."""
    return [part.strip() for part in str(text or "").replace("\r\n", "\n").split("\n\n") if part.strip()]


@register.filter
def direction(text) -> str:
    """ "rtl" or "ltr", from the first letter with a strong direction (what dir="auto" does in a
    browser; WeasyPrint does not read dir="auto")."""
    for char in str(text or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"
