"""Rows read from the database become model instances without ``Model.__init__``'s work per field.

Django's ``Model.from_db`` calls ``Model(*values)``, which sends ``pre_init`` and ``post_init`` and
sets each column through ``setattr`` and its descriptor. For most columns that descriptor stores the
value in the instance's ``__dict__`` and does nothing else. On an API list of 50 mentions (with their
50 articles) building the instances so took about a tenth of the request (0.3-0.5 ms of 5).

``PlainLoading.from_db`` stores the values in ``__dict__`` itself, which is what ``Model.__init__``
ends with, when that is all ``__init__`` would do for the model:

- no class of the model defines ``__init__`` besides ``Model`` (and ``object``);
- every column's descriptor is Django's plain ``DeferredAttribute``, the foreign key's
  ``ForeignKeyDeferredAttribute`` (which also clears a cached related object: a new instance has
  none) or django-countries' for one country (which stores the code it is given as text: the
  database gives text or None); a column with any other descriptor goes Django's way;
- nothing listens to ``pre_init`` or ``post_init`` for the model (checked on every call).

Otherwise Django's ``from_db`` runs. A column not read (``only()``, ``defer()``) is left out of
``__dict__``, as Django leaves it: it is loaded when it is first read.
tests/config/test_loading.py compares the instances with Django's for every model of the project.
"""

from __future__ import annotations

import inspect

from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django_countries.fields import CountryDescriptor, CountryField

PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute)

# model class -> whether Model.__init__ would only store each value
_plain: dict[type, bool] = {}


def loads_plainly(model: type[Model]) -> bool:
    """Whether ``Model.__init__`` for a row of ``model`` only stores each value in ``__dict__``."""
    for cls in model.__mro__:
        if cls not in (Model, object) and "__init__" in cls.__dict__:
            return False
    return all(
        _stores_plainly(field, inspect.getattr_static(model, field.attname)) for field in model._meta.concrete_fields
    )


def _stores_plainly(field, descriptor) -> bool:
    if type(descriptor) in PLAIN_DESCRIPTORS:
        return True
    return type(descriptor) is CountryDescriptor and isinstance(field, CountryField) and not field.multiple


def _listened(signal, model) -> bool:
    # A signal nothing is connected to is not asked about each model (a tenth of the loading's time).
    return bool(signal.receivers) and signal.has_listeners(model)


class PlainLoading:
    """Mixed into a model (before ``models.Model``): rows load as ``Model.__init__`` would load them,
    without its work per field, when that is the same (see the module's docstring)."""

    @classmethod
    def from_db(cls, db, field_names, values):
        plain = _plain.get(cls)
        if plain is None:
            plain = _plain[cls] = loads_plainly(cls)
        if (
            not plain
            or (pre_init.receivers and pre_init.has_listeners(cls))
            or (post_init.receivers and post_init.has_listeners(cls))
        ):
            return super().from_db(db, field_names, values)
        new = cls.__new__(cls)
        new.__dict__.update(zip(field_names, values, strict=True))
        state = new._state = ModelState()
        state.adding = False
        state.db = db
        return new
