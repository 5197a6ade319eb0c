"""What every API endpoint shares: scoping to the caller's campaigns, strict input, one error shape."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from django_countries.serializers import CountryFieldMixin
from rest_framework import ISO_8601, exceptions, filters, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.fields import get_error_detail
from rest_framework.relations import MANY_RELATION_KWARGS
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from campaigns import permissions
from campaigns.api.reading import FastReadMixin
from campaigns.models import Membership
from config import compiled
from config.reused_sql import reusing

MAX_ID = 2**63 - 1


# --- Errors -----------------------------------------------------------------------


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = _("This conflicts with existing data.")
    default_code = "conflict"


def exception_handler(exc, context):
    """Every error answers {"detail": "...", "errors": {field: [...]}}; never a 500 for bad input."""
    if isinstance(exc, DjangoValidationError):
        detail = get_error_detail(exc)
        if isinstance(detail, dict) and NON_FIELD_ERRORS in detail:
            # A service's refusal that is about no one field reads like a serializer's.
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
        exc = serializers.ValidationError(detail)
    elif isinstance(exc, ProtectedError | RestrictedError):
        # No count or names: the records referring to it may belong to campaigns the caller cannot see.
        exc = Conflict(_("Other records still refer to this one; it cannot be deleted."))
    elif isinstance(exc, IntegrityError):
        # A constraint caught a race the validation could not see (two writers at once).
        exc = exceptions.ValidationError({"non_field_errors": [_("This conflicts with existing data.")]})
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"detail": str(_("The request has invalid data.")), "errors": errors}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"]), "errors": {}}
    else:
        response.data = {"detail": str(_("The request failed.")), "errors": {"non_field_errors": response.data}}
    return response


# --- Filters ----------------------------------------------------------------------


class IdFilter(django_filters.Filter):
    """An id in a query string; out-of-range numbers are a 400, not a database error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class UtcIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """ISO 8601 in a query string, turned into UTC: PostgreSQL refuses offsets beyond ±15:59, which
    Python accepts (up to ±23:59), and a date at the edge of the calendar can overflow."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None or parsed.tzinfo is None:
            return parsed
        try:
            return parsed.astimezone(dt.UTC)
        except OverflowError as exc:
            raise forms.ValidationError(_("Date and time out of range."), code="overflow") from exc


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class SafeSearchFilter(filters.SearchFilter):
    """DRF's search (which refuses NUL characters with a 400), capped at 10 words: each word adds a
    join-heavy OR across the search fields."""

    def get_search_terms(self, request):
        return super().get_search_terms(request)[:10]


class QueryFilterBackend(django_filters.rest_framework.DjangoFilterBackend):
    """django-filter builds a FilterSet and its form for every request (half a millisecond of a
    10 ms list); a list asked for with none of its filters in the query string is left as it is."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not set(filterset_class.base_filters) & set(request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


DEFAULT_FILTER_BACKENDS = [
    QueryFilterBackend,
    SafeSearchFilter,
    filters.OrderingFilter,
]
CURSOR_FILTER_BACKENDS = [QueryFilterBackend, SafeSearchFilter]


# --- Serializers --------------------------------------------------------------------

LISTED = "_listed_"


class Listed(list):
    """What a to-many field shows for one row of a list, read for the whole page at once."""


class ListedManyRelatedField(serializers.ManyRelatedField):
    """A to-many field that shows what the list attached to the row (see ``attach_listed``), or else
    reads the relation as DRF does (a single object, a write's answer)."""

    def get_attribute(self, instance):
        listed = instance.__dict__.get(LISTED + self.source)
        return listed if listed is not None else super().get_attribute(instance)

    def to_representation(self, iterable):
        return list(iterable) if isinstance(iterable, Listed) else super().to_representation(iterable)


class ListedRelationMixin:
    """``many=True`` builds a ListedManyRelatedField (DRF's many_init, with that one class changed)."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS})
        return ListedManyRelatedField(**list_kwargs)


class ListedSlugRelatedField(ListedRelationMixin, serializers.SlugRelatedField):
    pass


def attach_listed(rows: list, relations: dict[str, str]) -> None:
    """For a page of rows, read each to-many relation in ``relations`` ({field: column shown, "pk"
    or a column of the related model}) in one query on its join table, in the related model's
    order, and attach the values to each row for ListedManyRelatedField. Django's prefetch built a
    model instance per related row: 2 ms of a 13 ms list of 50 contacts or mentions."""
    if not rows:
        return
    model, ids = type(rows[0]), [row.pk for row in rows]
    for name, column in relations.items():
        values: dict[int, Listed] = {pk: Listed() for pk in ids}
        for row_id, value in listed_pairs(model, name, column, ids):
            values[row_id].append(value)
        for row in rows:
            row.__dict__[LISTED + name] = values[row.pk]


def listed_pairs(model, name: str, column: str, ids: list[int]) -> list[tuple]:
    """(row id, value shown) of relation ``name`` for the rows ``ids``, in the related model's order:
    one query, compiled once per relation and page length."""
    field = model._meta.get_field(name)
    through, source, target = field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()

    def pairs():
        shown = f"{target}_id" if column == "pk" else f"{target}__{column}"
        order = [f"{target}__{key}" for key in field.related_model._meta.ordering] + ["pk"]
        return through.objects.filter(**{f"{source}_id__in": ids}).order_by(*order).values_list(f"{source}_id", shown)

    return compiled.rows(("attach_listed", model, name, column, len(ids)), ids, pairs)


class BoundedPrimaryKeyRelatedField(ListedRelationMixin, serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": _('Invalid pk "{pk_value}" - object does not exist.')}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, str)):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            number = int(data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= number <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(number)


class CampaignScopedField(BoundedPrimaryKeyRelatedField):
    """A reference to an object of a campaign the caller can see; others do "not exist"."""

    def __init__(self, *, campaign_path: str = "campaign", **kwargs):
        self.campaign_path = campaign_path
        super().__init__(**kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if request is None:
            return queryset.none()
        ids = visible_campaign_ids(request)
        field = "pk" if self.campaign_path == "pk" else f"{self.campaign_path}_id"
        return queryset.filter(**{f"{field}__in": ids})


def _same(sent, current) -> bool:
    if sent in (None, "") or current in (None, ""):
        return sent in (None, "") and current in (None, "")
    return str(sent) == str(current)


class RequestDateTimeField(serializers.DateTimeField):
    """DRF's date and time, with the request's time zone looked up once per field rather than once
    per value (a thread-local lookup: a tenth of a list of 50 rows' serialising)."""

    def default_timezone(self):
        if "_zone" not in self.__dict__:
            self._zone = super().default_timezone()
        return self._zone

    def to_representation(self, value):
        """DRF's answer. For an aware date and time shown in ISO 8601 in a time zone (every column
        Parley reads, with USE_TZ), the format and the zone are looked up once per field rather than
        once per value: a twentieth of an API list of 50 mentions went to those lookups."""
        if "_iso_zone" not in self.__dict__:
            iso = (getattr(self, "format", api_settings.DATETIME_FORMAT) or "").lower() == ISO_8601
            zone = self.timezone if hasattr(self, "timezone") else self.default_timezone()
            self._iso_zone = zone if iso else None
        zone = self._iso_zone
        if zone is None or type(value) is not dt.datetime or value.utcoffset() is None:
            return super().to_representation(value)
        try:
            shown = value.astimezone(zone).isoformat()
        except OverflowError:
            self.fail("overflow")
        return shown[:-6] + "Z" if shown.endswith("+00:00") else shown


FIELD_MAPPING = {**serializers.ModelSerializer.serializer_field_mapping, models.DateTimeField: RequestDateTimeField}


class StrictModelSerializer(FastReadMixin, CountryFieldMixin, serializers.ModelSerializer):
    """Unknown keys are refused; model validation (clean and constraints) runs before saving."""

    serializer_related_field = BoundedPrimaryKeyRelatedField
    serializer_field_mapping = FIELD_MAPPING

    def get_validators(self):
        # DRF turns every UniqueConstraint into a validator that makes its fields required (even a
        # nullable version_of); the model's own constraint validation below checks them instead.
        return []

    # Fields that change only through an action of their own, with the hint the refusal gives, e.g.
    # {"status": "Use POST .../set-status/ to change this."}. In an update, sending one with the value
    # it already has is fine (a client that PUTs back what it read); another value is refused, never
    # ignored. At creation the service decides them (a pitch with a date is "pitched").
    state_actions: dict = {}

    def get_fields(self):
        fields = super().get_fields()
        # Meta.written_on_create: given when the object is created, read-only afterwards.
        if self.instance is not None:
            for name in getattr(self.Meta, "written_on_create", ()):
                fields[name].read_only = True
        return fields

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(str(key) for key in data if key not in self.fields)
            if unknown:
                raise serializers.ValidationError({key: [_("Unknown field.")] for key in unknown})
            self.refuse_changes_to_fixed_fields(data)
        return super().to_internal_value(data)

    def refuse_changes_to_fixed_fields(self, data: dict) -> None:
        if self.instance is None:
            return
        fixed = dict(self.state_actions)
        for name in getattr(self.Meta, "written_on_create", ()):
            fixed.setdefault(name, _("This cannot change once created."))
        errors = {}
        for name, hint in fixed.items():
            if name not in data or name not in self.fields:
                continue
            current = self.fields[name].to_representation(self.fields[name].get_attribute(self.instance))
            if not _same(data[name], current):
                errors[name] = [hint]
        if errors:
            raise serializers.ValidationError(errors)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        self.run_model_validation(attrs)
        return attrs

    def extra_model_attrs(self) -> dict:
        """Attributes the view sets on create (who created it...), so validation sees them."""
        return self.context.get("extra_attrs", {}) if self.instance is None else {}

    def run_model_validation(self, attrs) -> None:
        model = self.Meta.model
        m2m = {f.name for f in model._meta.many_to_many}
        plain = {key: value for key, value in attrs.items() if key not in m2m}
        if self.instance is None:
            candidate = model(**plain, **self.extra_model_attrs())
        else:
            candidate = model.objects.get(pk=self.instance.pk)
            for key, value in plain.items():
                setattr(candidate, key, value)
        try:
            candidate.full_clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(get_error_detail(exc)) from exc

    def create(self, validated_data):
        return super().create({**validated_data, **self.extra_model_attrs()})


class StrictSerializer(serializers.Serializer):
    """A plain (action) serializer that refuses unknown keys."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(str(key) for key in data if key not in self.fields)
            if unknown:
                raise serializers.ValidationError({key: [_("Unknown field.")] for key in unknown})
        return super().to_internal_value(data)


# --- Views ------------------------------------------------------------------------


def visible_campaign_ids(request) -> set[int]:
    """Campaign ids the caller can see, computed once per request."""
    cached = getattr(request, "_parley_campaign_ids", None)
    if cached is None:
        cached = permissions.campaign_ids_for(user=request.user)
        request._parley_campaign_ids = cached
    return cached


class ApiViewSetMixin:
    """JSON errors from DRF, never the sign-in redirect; unsafe requests in one transaction."""

    lookup_value_regex = r"[0-9]{1,18}"
    # To-many fields a list reads for its whole page in one query each: {field: "pk" or a column}.
    listed_relations: dict[str, str] = {}

    def paginate_queryset(self, queryset):
        # A page's SQL is compiled once per shape of the query (config/reused_sql.py).
        page = super().paginate_queryset(reusing(queryset))
        if page is not None:
            attach_listed(page, self.listed_relations)
        return page

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))

    def dispatch(self, request, *args, **kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                # No partial write: whatever ran before the error is undone.
                transaction.set_rollback(True)
        return response


class CampaignScopedViewSet(ApiViewSetMixin, viewsets.ModelViewSet):
    """Objects of a campaign: visible to its members, written by staff (or coordinators)."""

    campaign_path = "campaign"
    edit_role = Membership.Role.STAFF
    filter_backends = DEFAULT_FILTER_BACKENDS

    def campaign_field(self) -> str:
        return "pk" if self.campaign_path == "pk" else f"{self.campaign_path}_id"

    def scoped(self, queryset):
        return queryset.filter(**{f"{self.campaign_field()}__in": visible_campaign_ids(self.request)})

    def campaign_id_of(self, obj) -> int:
        if self.campaign_path == "pk":
            return obj.pk
        *parents, last = self.campaign_path.split("__")
        for part in parents:
            obj = getattr(obj, part)
        return getattr(obj, f"{last}_id")

    def check_campaign_role(self, campaign_id: int) -> None:
        if not permissions.has_role(user=self.request.user, campaign=campaign_id, at_least=self.edit_role):
            raise PermissionDenied(_("Your role in this campaign does not allow this change."))

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            self.check_campaign_role(self.campaign_id_of(obj))

    def campaign_id_for_create(self, serializer) -> int:
        first, *rest = self.campaign_path.split("__")
        if first == "pk":
            return serializer.validated_data["pk"]
        value = serializer.validated_data[first]
        return value.pk if not rest else getattr(value, f"{rest[0]}_id")

    def perform_create(self, serializer):
        self.check_campaign_role(self.campaign_id_for_create(serializer))
        serializer.save()

    def perform_update(self, serializer):
        # Moving an object to another campaign needs the role there as well.
        if self.campaign_path.split("__")[0] in serializer.validated_data:
            self.check_campaign_role(self.campaign_id_for_create(serializer))
        serializer.save()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["extra_attrs"] = self.extra_create_attrs()
        return context

    def extra_create_attrs(self) -> dict:
        return {}


class DirectoryViewSet(ApiViewSetMixin, viewsets.ModelViewSet):
    """Shared directories (organisations, contacts, outlets, feeds, articles): any member reads;
    staff or coordinators of at least one campaign write."""

    filter_backends = DEFAULT_FILTER_BACKENDS

    def check_permissions(self, request):
        super().check_permissions(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not permissions.campaign_ids_for(
            user=request.user, at_least=Membership.Role.STAFF
        ):
            raise PermissionDenied(_("Only staff or coordinators of a campaign may change the shared directory."))


class ArchivedRecordsMixin:
    """Shared directory lists leave archived records out: ``?archived=true`` lists only them,
    ``?archived=all`` both. A record is still found by its id (campaigns keep referring to it)."""

    def without_archived(self, queryset):
        if getattr(self, "action", None) != "list":
            return queryset
        value = self.request.query_params.get("archived", "false").lower()
        if value in {"true", "1", "yes"}:
            return queryset.filter(archived_at__isnull=False)
        if value == "all":
            return queryset
        return queryset.filter(archived_at__isnull=True)


def call_refusing_as(call, **kwargs):
    """Run a service for a DELETE: a refusal for want of rights is a 403, one for what still refers
    to the record a 409 (a conflict with existing data)."""
    try:
        return call(**kwargs)
    except DjangoValidationError as exc:
        if getattr(exc, "code", None) == "permission_denied":
            raise PermissionDenied(" ".join(exc.messages)) from exc
        raise Conflict(" ".join(exc.messages)) from exc
