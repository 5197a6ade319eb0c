"""A type-ahead in place of a <select> of a whole table (100,000 contacts, 5,000 outlets): a
hidden input holding the chosen id, a search box, and the matches the server sends back."""

from __future__ import annotations

from django import forms

TYPEAHEAD_KINDS = ("contact", "organisation", "outlet")


class TypeAheadSelect(forms.Widget):
    """For a ModelChoiceField: renders only the chosen row (one query), never the whole queryset."""

    template_name = "outreach/widgets/typeahead.html"

    def __init__(self, kind: str, attrs=None, queryset=None):
        if kind not in TYPEAHEAD_KINDS:
            raise ValueError(f"kind must be one of {TYPEAHEAD_KINDS}")
        self.kind = kind
        self.queryset = queryset
        self.choices = ()  # set by the ModelChoiceField; only its queryset is read
        super().__init__(attrs)

    def format_value(self, value):
        return "" if value in (None, "") else str(value)

    def chosen(self, value):
        queryset = self.queryset if self.queryset is not None else getattr(self.choices, "queryset", None)
        if queryset is None or not str(value or "").isdigit():
            return None
        return queryset.filter(pk=int(value)).first()

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(kind=self.kind, chosen=self.chosen(context["widget"]["value"]))
        return context
