"""The three doors to every state change, and what a change leaves behind.

A parity test makes the same change through the staff UI, the REST API and the Django admin,
each time on a fresh copy of the same data, and compares what each leaves behind: the rows
(with ids replaced by what they point at, and times by whether they are set) and the outbox.
A refused change must be refused by every door, with the same reason, and leave nothing.

    results = each_door(setup, {"ui": ..., "api": ..., "admin": ...})
    assert_same(results)

``setup()`` builds the data and returns a dict; each door function takes it and returns an
``Outcome`` (the refusal reason, or "" when the change went through).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import factory
from django.apps import apps
from django.contrib.messages import get_messages
from django.db import models, transaction
from django.test import Client
from rest_framework.test import APIClient

from campaigns.services import api_token_create
from tests import factories

# Rows that record how a change happened rather than what it changed.
# The audit trail records how (and through which door) a change was made; tests/test_audit.py checks it.
IGNORED_MODELS = {
    "campaigns.apitoken",
    "campaigns.auditentry",
    "sessions.session",
    "admin.logentry",
    "django_celery_beat",
}
IGNORED_FIELDS = {"id", "created_at", "updated_at", "public_id", "uid", "last_used_at", "password", "last_login"}
# The admin door makes its user an administrator: that is how it got in, not what it changed.
IGNORED_FIELDS |= {"is_staff", "is_superuser"}
# Text that starts with the id of the row it is about (the outbox's "invitation:42:update:1").
KEYS_NAMING_A_ROW = {"dedupe_key"}


@dataclass(frozen=True)
class Outcome:
    refused: str  # the reason given, "" when the change went through

    @property
    def ok(self) -> bool:
        return not self.refused


def _value(field: models.Field, obj) -> object:
    if field.is_relation and field.many_to_one or field.one_to_one:
        related = getattr(obj, field.name)
        return None if related is None else f"{related._meta.label_lower}:{related}"
    value = getattr(obj, field.attname)
    if isinstance(value, dt.datetime):
        return "set"  # when it happened differs between runs; whether it happened does not
    if field.name in KEYS_NAMING_A_ROW and value:
        return re.sub(r"^(\w+):\d+", r"\1:#", value)  # ids differ between runs; the row's own fields say which
    return value


def snapshot() -> dict[str, list]:
    """Every row of every project model, ids replaced by what they point at, sorted."""
    state = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in IGNORED_MODELS or model._meta.app_label not in {"campaigns", "outreach", "media_tracker"}:
            continue
        fields = [f for f in model._meta.concrete_fields if f.name not in IGNORED_FIELDS]
        m2m = list(model._meta.many_to_many)
        rows = []
        for obj in model.objects.all():
            row = {f.name: _value(f, obj) for f in fields}
            for field in m2m:
                row[field.name] = sorted(str(other) for other in getattr(obj, field.name).all())
            rows.append(repr(sorted(row.items())))
        state[label] = sorted(rows)
    return state


def _reset_factory_sequences() -> None:
    """So that each door's copy of the data has the same names (Campaign 0, Contact 0...)."""
    for value in vars(factories).values():
        if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory) and value._meta.model:
            value.reset_sequence(0, force=True)


def each_door(setup: Callable[[], dict], doors: dict[str, Callable[[dict], Outcome]]) -> dict[str, tuple]:
    """Run each door on a fresh copy of the data; (outcome, rows before, rows after) per door."""
    results = {}
    for name, door in doors.items():
        with transaction.atomic():
            _reset_factory_sequences()
            data = setup()
            before = snapshot()
            outcome = door(data)
            results[name] = (outcome, before, snapshot())
            transaction.set_rollback(True)
    return results


def assert_same(results: dict[str, tuple]) -> None:
    """Every door did the same: the same reason (or none), the same rows; a refusal changed nothing."""
    outcomes = {name: outcome for name, (outcome, _before, _after) in results.items()}
    assert len({o.ok for o in outcomes.values()}) == 1, outcomes
    first = next(iter(results))
    for name, (outcome, before, after) in results.items():
        if not outcome.ok:
            assert _differences(before, after) == {}, f"{name} refused but changed rows"
            assert outcome.refused == outcomes[first].refused, outcomes
        assert _differences(results[first][2], after) == {}, f"{name} left other rows than {first}"


def _differences(expected: dict[str, list], actual: dict[str, list]) -> dict[str, dict]:
    """Per table, the rows only one side has (readable in a failure message)."""
    diff = {}
    for table in sorted(set(expected) | set(actual)):
        only_expected = sorted(set(expected.get(table, [])) - set(actual.get(table, [])))
        only_actual = sorted(set(actual.get(table, [])) - set(expected.get(table, [])))
        if only_expected or only_actual:
            diff[table] = {"missing": only_expected, "extra": only_actual}
    return diff


# --- Clients for each door -------------------------------------------------------------


def ui_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_client(user) -> APIClient:
    client = APIClient()
    client.default_format = "json"
    _token, secret = api_token_create(user=user, name="parity")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def admin_client(user) -> Client:
    """A Django admin user (``is_staff``); the admin does not check campaign roles."""
    if not user.is_staff:
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return ui_client(user)


# --- What each door says when it refuses ------------------------------------------------


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def ui_outcome(response) -> Outcome:
    """The staff UI refuses with a form error or an error message; anything else went through."""
    assert response.status_code < 500, response.status_code
    errors = [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    if not errors and response.status_code in (200, 400) and response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode()
        # Field errors carry an id (<ul class="errorlist" id="id_title_error">).
        errors = [_text(item) for item in re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', body, re.S)]
    return Outcome(" ".join(errors))


def form_outcome(response) -> Outcome:
    """A form shown again with its errors, above the fields or next to them (an admin action's form, the
    quick log). Django 5.2 gives a field's error list an id, which ``ui_outcome`` does not read."""
    assert response.status_code < 500, response.status_code
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    return Outcome(" ".join(_text(item) for item in found))


def api_outcome(response) -> Outcome:
    assert response.status_code < 500, response.status_code
    if response.status_code < 400:
        return Outcome("")
    body = response.json()
    errors = body.get("errors", {}).values()
    messages = [m for field in errors for m in (field if isinstance(field, list) else [field])]
    return Outcome(" ".join(str(m) for m in messages) or body.get("detail", ""))


def admin_outcome(response) -> Outcome:
    assert response.status_code < 500, response.status_code
    errors = [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    # "Name: reason" from an action on a row: the reason is what the other doors say.
    return Outcome(" ".join(error.split(": ", 1)[-1] for error in errors))


def admin_action(client: Client, model, action: str, objects, **form) -> Outcome:
    """Run an admin action on the selected rows (with the fields of its form, when it has one)."""
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], **form}
    if form:
        data["apply"] = "1"
    return admin_outcome(client.post(url, data))
