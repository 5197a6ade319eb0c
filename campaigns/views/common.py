"""Small helpers the staff UI views share: campaign scoping, one-time form tokens, CSV, paging."""

from __future__ import annotations

import csv
import uuid
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from campaigns import permissions
from campaigns.models import Membership

FORM_TOKEN_FIELD = "form_token"  # noqa: S105 (a form field name, not a secret)
FORM_TOKEN_TTL = 24 * 3600


def visible_campaign_ids(user) -> set[int]:
    return permissions.campaign_ids_for(user=user)


def editable_campaign_ids(user) -> set[int]:
    return permissions.campaign_ids_for(user=user, at_least=Membership.Role.STAFF)


def require_view(user, campaign) -> None:
    """A non-member gets a 404: the campaign's objects do not exist for them."""
    if not permissions.can_view(user=user, campaign=campaign):
        raise Http404


def require_edit(user, campaign) -> None:
    require_view(user, campaign)
    if not permissions.can_edit(user=user, campaign=campaign):
        raise PermissionDenied(_("Your role in this campaign is read-only."))


def require_manage(user, campaign) -> None:
    require_view(user, campaign)
    if not permissions.can_manage(user=user, campaign=campaign):
        raise PermissionDenied(_("Only a coordinator of this campaign can do this."))


def require_any_edit(user) -> None:
    """Shared address book edits need staff (or coordinator) rights in at least one campaign."""
    if not editable_campaign_ids(user):
        raise PermissionDenied(_("Your role is read-only."))


def new_form_token() -> str:
    return uuid.uuid4().hex


class FormToken:
    """One-time token carried by a form, so a double click or a reload never writes twice.

    ``claim()`` is True for the first submission only; the cache (Redis or the shared file
    cache) remembers where that submission led, and later ones are sent there too.
    """

    def __init__(self, request):
        raw = request.POST.get(FORM_TOKEN_FIELD, "")
        try:
            self.value = uuid.UUID(hex=raw).hex
        except ValueError:
            self.value = ""
        self.key = f"form-token:{request.user.pk}:{self.value}"

    def claim(self) -> bool:
        if not self.value:
            return True  # an old form without a token: behave like a plain POST
        return cache.add(self.key, "", timeout=FORM_TOKEN_TTL)

    def release(self) -> None:
        """The submission was invalid: let the corrected form use the same token."""
        if self.value:
            cache.delete(self.key)

    def done(self, url: str) -> None:
        if self.value:
            cache.set(self.key, url, timeout=FORM_TOKEN_TTL)

    def previous_url(self) -> str:
        return (cache.get(self.key) or "") if self.value else ""


def paginate(request, queryset, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


class CappedCountPaginator(Paginator):
    """Counts no more than ``cap`` rows: a list of a million rows is never counted in full (the
    page shows "5000+"), and its pages end at the cap (narrower filters reach older rows)."""

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        self.cap = cap
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def _found(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self._found > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._found, self.cap)


def paginate_capped(request, queryset, *, cap: int, per_page: int = 25):
    return CappedCountPaginator(queryset, per_page, cap=cap).get_page(request.GET.get("page"))


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    """The one CSV writer of every export: UTF-8 with a BOM, each cell through ``csv_cell``."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8 (Arabic names) correctly
    writer = csv.writer(response)
    writer.writerow([csv_cell(value) for value in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return response


# A cell a spreadsheet would run as a formula starts with one of these (OWASP's list, plus the
# full-width forms some locales of Excel accept and a line feed), possibly after spaces.
FORMULA_STARTERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def csv_cell(value) -> str | int | float:
    """A cell as written to a CSV export: numbers as they are, empty stays empty, and text that a
    spreadsheet would read as a formula (CSV injection) prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text[:1] in FORMULA_STARTERS or text.lstrip(" ")[:1] in FORMULA_STARTERS:
        return "'" + text
    return text


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
