"""A type-ahead in place of a <select> of a whole table (100,000 contacts, 5,000 outlets, every op-ed
of a person's campaigns): a hidden input holding the chosen id, a search box, and the matches the
server sends back."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django_countries import countries

TYPEAHEAD_KINDS = ("contact", "organisation", "outlet", "op_ed")


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


class TypeAheadSelectMultiple(TypeAheadSelect):
    """For a ModelMultipleChoiceField: the chosen rows (one query), each with a button to remove it,
    and a search box whose results add one more; never the whole queryset."""

    template_name = "outreach/widgets/typeahead_multiple.html"
    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def format_value(self, value):
        return [str(item) for item in (value or []) if str(item).isdigit()]

    def chosen(self, value):
        queryset = self.queryset if self.queryset is not None else getattr(self.choices, "queryset", None)
        ids = [int(item) for item in self.format_value(value)]
        if queryset is None or not ids:
            return []
        rows = queryset.in_bulk(ids)
        return [rows[pk] for pk in dict.fromkeys(ids) if pk in rows]  # in the order chosen, once each


class PlainSelect(forms.Select):
    """A ``<select>`` written in Python, for long fixed lists (the 250 countries of a filter form):
    Django renders each ``<option>`` through two templates, 6 ms a page for the countries alone."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rows = format_html_join(
                "", '<option value="{}"{}>{}</option>', ((o["value"], flatatt(o["attrs"]), o["label"]) for o in options)
            )
            groups.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, rows) if group_name else rows)
        body = format_html_join("", "{}", ((group,) for group in groups))
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), body)


_country_choices: dict[str | None, list[tuple[str, str]]] = {}


def country_choices() -> list[tuple[str, str]]:
    """The filter forms' countries, sorted by their name in the active language: translated and
    sorted once per language and process, not on every request."""
    language = get_language()
    if language not in _country_choices:
        _country_choices[language] = [("", "---------"), *((code, str(name)) for code, name in countries)]
    return _country_choices[language]
