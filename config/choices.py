"""``get_FOO_display()`` that translates one label, not every label of the field's choices.

Django's own builds ``dict(make_hashable(field.flatchoices))`` on each call, and hashing a lazily
translated label translates it: a pitch's status translated its eight labels each time it was shown.
py-spy put that at a sixth of the op-ed board's time (5,000 calls a page at the full data set).
"""

from __future__ import annotations

from django.utils.encoding import force_str


class ChoiceLabels:
    """Mixed into a model (before ``models.Model``): each field's value -> label map is built once."""

    def _get_FIELD_display(self, field):  # noqa: N802 (Django's name)
        labels = field.__dict__.get("_choice_labels")
        if labels is None:
            try:
                labels = field._choice_labels = dict(field.flatchoices)
            except TypeError:  # a value that cannot be a key: Django's way
                return super()._get_FIELD_display(field)
        value = getattr(self, field.attname)
        try:
            label = labels.get(value, value)
        except TypeError:
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)
