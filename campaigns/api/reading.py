"""How the API's serializers read: DRF's answers, with less of DRF's general machinery per request.

A list of 50 rows spent a third of its time in DRF's serializer: building each field from the model
again on every request (``ModelSerializer.get_fields``) and reading each value through DRF's general
lookup (mappings, dotted sources, callables). ``FastReadMixin`` keeps DRF's answer and does less:

- the fields a serializer class builds are remembered as recipes (class and arguments) and built
  from them afresh for each serializer, as DRF's own deep copy of declared fields does (a field that
  depends on its arguments alone is copied from one built once);
- a field whose source is one column of the model, and whose class reads it as DRF's ``Field`` or
  ``PrimaryKeyRelatedField`` does, is read with an ``attrgetter``; every other field DRF's way.

tests/api/test_fast_read.py checks every list and object of the API against DRF's own answer.
"""

from __future__ import annotations

import copy
import operator

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import get_language
from django_countries import countries
from django_countries.fields import CountryField
from django_countries.serializer_fields import CountryField as CountrySerializerField
from rest_framework.fields import ChoiceField, Field, SkipField
from rest_framework.relations import PKOnlyObject, PrimaryKeyRelatedField, RelatedField
from rest_framework.serializers import BaseSerializer

# Arguments a field may hand out as they are (a default becomes part of validated data): deep copied
# for each field, as DRF's deep copy does. Other arguments are only read by the fields (a queryset is
# cloned before each use, a model field is the model's own; a country list costs 6 ms to deep copy):
# a container is copied, anything else shared.
HANDED_OUT = frozenset({"default", "initial"})
CONTAINERS = frozenset({list, dict, set})


class CountryChoicesField(CountrySerializerField):
    """django-countries' field, with the choices for all countries worked out once per language.

    Building the field sorted and indexed the 250 translated countries again for every serializer: a
    tenth of a millisecond of each request for a list of contacts. The choices are only read (to
    check a value and to describe the field), so the fields of one language share them."""

    _shared: dict[str | None, tuple] = {}

    def _set_choices(self, choices):
        if choices is not countries:
            super()._set_choices(choices)
            return
        language = get_language()
        shared = self._shared.get(language)
        if shared is None:
            super()._set_choices(choices)
            shared = self._shared[language] = (self.grouped_choices, self._choices, self.choice_strings_to_values)
        self.grouped_choices, self._choices, self.choice_strings_to_values = shared

    choices = property(ChoiceField._get_choices, _set_choices)


class Recipe:
    """What builds a field again: its class and the arguments it was built with (DRF keeps them).

    Building a field ran DRF's ``__init__`` chain again (error messages gathered from the class's
    ancestors, assertions, validators): a twentieth of an API list of 50 mentions. A field whose
    building depends on nothing but its arguments is built once, as a template never bound to a
    serializer, and each field is a copy of it: the same attributes, its containers copied (as a
    container argument is), the rest shared as the arguments already are. Built as before: a field
    with a field among its arguments (a list's child, a to-many field's relation), a serializer, an
    argument handed out, and the country field (its choices are those of the language in use)."""

    __slots__ = ("cls", "args", "kwargs", "template")

    def __init__(self, cls: type, args: list, kwargs: dict):
        self.cls, self.args, self.kwargs = cls, args, kwargs
        self.template = None
        if not self._built_each_time():
            self.template = self._build()

    @classmethod
    def of(cls, field: Field) -> Recipe:
        """Fields among the arguments (a list's child, a to-many field's relation) become recipes."""
        args = [cls.of(value) if isinstance(value, Field) else value for value in field._args]
        kwargs = {key: cls.of(value) if isinstance(value, Field) else value for key, value in field._kwargs.items()}
        kind = CountryChoicesField if type(field) is CountrySerializerField else type(field)
        return cls(kind, args, kwargs)

    def _built_each_time(self) -> bool:
        arguments = [*self.args, *self.kwargs.values()]
        return (
            any(isinstance(value, Recipe) for value in arguments)
            or issubclass(self.cls, BaseSerializer | CountryChoicesField)
            or not HANDED_OUT.isdisjoint(self.kwargs)
        )

    def build(self) -> Field:
        if self.template is None:
            return self._build()
        field = object.__new__(self.cls)
        field.__dict__.update(
            {
                key: copy.copy(value) if type(value) in CONTAINERS else value
                for key, value in self.template.__dict__.items()
            }
        )
        return field

    def _build(self) -> Field:
        args = [self._argument(None, value) for value in self.args]
        return self.cls(*args, **{key: self._argument(key, value) for key, value in self.kwargs.items()})

    @staticmethod
    def _argument(key, value):
        if isinstance(value, Recipe):
            return value.build()
        if key in HANDED_OUT:
            return copy.deepcopy(value)
        return copy.copy(value) if isinstance(value, list | dict | set) else value


_recipes: dict[type, dict[str, Recipe]] = {}


def reader_of(field: Field, model) -> tuple | None:
    """(read, show) for a field read straight from one column of ``model``: ``read`` takes the value
    from an instance, ``show`` turns a value that is not None into the answer (None: as it is). None
    when the field is read DRF's way."""
    if len(field.source_attrs) != 1:
        return None
    try:
        column = model._meta.get_field(field.source)
    except FieldDoesNotExist:  # a property or a method of the model
        return None
    if not column.concrete or column.many_to_many:
        return None
    if not column.is_relation and type(field).get_attribute is Field.get_attribute:
        if isinstance(column, CountryField) and not column.multiple and isinstance(field, CountrySerializerField):
            # The model's descriptor builds a Country per row only for the field to read its code
            # back: the code itself is shown the same way, once per code.
            return stored_value(column.attname), once_per_value(field.to_representation)
        return operator.attrgetter(column.attname), field.to_representation
    if (
        column.many_to_one
        and isinstance(field, PrimaryKeyRelatedField)
        and type(field).get_attribute is RelatedField.get_attribute
        and type(field).to_representation is PrimaryKeyRelatedField.to_representation
        and field.pk_field is None
    ):
        # DRF shows the key without loading the related row (PKOnlyObject), as it is.
        return operator.attrgetter(column.attname), None
    return None


def stored_value(name: str):
    """Reads the value the database gave (not what a descriptor makes of it), or the attribute when
    the column was deferred."""

    def read(instance):
        stored = instance.__dict__
        return stored[name] if name in stored else getattr(instance, name)

    return read


def once_per_value(show):
    """``show`` for a field whose answer depends on the text value alone, worked out once per value."""
    shown: dict[str, object] = {}

    def show_once(value):
        if type(value) is not str:
            return show(value)
        if value not in shown:
            answer = show(value)
            if not isinstance(answer, str):  # a dict per row, never one shared by several
                return answer
            shown[value] = answer
        return shown[value]

    return show_once


class FastReadMixin:
    """For a ModelSerializer: fields built from remembered recipes, plain columns read directly."""

    def get_fields(self):
        recipes = _recipes.get(type(self))
        if recipes is None:
            fields = super().get_fields()
            _recipes[type(self)] = {name: Recipe.of(field) for name, field in fields.items()}
            return fields
        return {name: recipe.build() for name, recipe in recipes.items()}

    def reading_plan(self) -> list[tuple]:
        """(name, read, show, field) per readable field, worked out once per serializer: a list uses
        one for all its rows."""
        plan = self.__dict__.get("_reading_plan")
        if plan is None:
            model = self.Meta.model
            plan = []
            for field in self._readable_fields:
                read, show = reader_of(field, model) or (None, None)
                plan.append((field.field_name, read, show, field))
            self._reading_plan = plan
        return plan

    def to_representation(self, instance):
        """DRF's Serializer.to_representation, with plain columns read through the plan."""
        ret = {}
        for name, read, show, field in self.reading_plan():
            if read is not None:
                value = read(instance)
                ret[name] = value if value is None or show is None else show(value)
                continue
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            ret[name] = None if check_for_none is None else field.to_representation(attribute)
        return ret
