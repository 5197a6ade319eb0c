"""The audit trail: every service that takes ``by`` records its user; entries outlive their objects
and are never edited."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import campaigns.reports.person
import campaigns.services
import media_tracker.services
import outreach.services
from campaigns.models import AuditEntry
from outreach.models import Contact
from outreach.services import directory
from tests import factories as f
from tests.parity.doors import admin_client, api_client


def _service_modules():
    yield campaigns.services
    yield campaigns.reports.person
    yield importlib.import_module("campaigns.reports.quarterly.services")
    for package in (campaigns.services, outreach.services, media_tracker.services):
        for info in pkgutil.iter_modules(package.__path__):
            yield importlib.import_module(f"{package.__name__}.{info.name}")


def test_every_service_that_takes_by_records_it_as_the_acting_user():
    unaudited = []
    for module in _service_modules():
        for name, function in vars(module).items():
            if not inspect.isfunction(function) or function.__module__ != module.__name__ or name.startswith("_"):
                continue
            if name.startswith(("require_", "can_")):
                continue  # rules the services apply: they refuse, they write nothing
            if "by" in inspect.signature(function).parameters and not getattr(function, "audited", False):
                unaudited.append(f"{module.__name__}.{name}")
    assert unaudited == []


@pytest.mark.django_db
def test_a_change_through_the_api_records_who_and_the_fields_before_and_after():
    staff = f.UserFactory(username="aide")
    f.MembershipFactory(user=staff, role="staff")
    contact = f.ContactFactory(full_name="Thomas de Waal", title="Fellow")
    response = api_client(staff).patch(f"/api/v1/contacts/{contact.pk}/", {"title": "Senior fellow"})
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(contact_pk=contact.pk, event="changed").get()
    assert entry.actor == staff and entry.actor_label == "aide"
    assert entry.changes == {"title": ["Fellow", "Senior fellow"]}


@pytest.mark.django_db
def test_entries_outlive_the_object_and_name_it():
    coordinator = f.UserFactory(is_superuser=True)
    contact = directory.contact_create(by=coordinator, values={"full_name": "Gone Soon"})
    pk = contact.pk
    directory.contact_delete(contact=contact, by=coordinator)
    assert not Contact.objects.filter(pk=pk).exists()
    events = list(AuditEntry.objects.for_contact(pk).order_by("id").values_list("event", "object_repr", "actor"))
    assert events == [("created", "Gone Soon", coordinator.pk), ("deleted", "Gone Soon", coordinator.pk)]


@pytest.mark.django_db
def test_entries_are_never_edited_nor_deleted_not_even_in_the_admin(client):
    user = f.UserFactory()
    directory.contact_create(by=user, values={"full_name": "Someone"})
    entry = AuditEntry.objects.get()
    entry.object_repr = "forged"
    with pytest.raises(ValueError, match="never changed"):
        entry.save()
    with pytest.raises(ValueError, match="never deleted"):
        entry.delete()
    admin = admin_client(user)
    assert admin.get(f"/admin/campaigns/auditentry/{entry.pk}/change/").status_code in (200, 302, 403)
    response = admin.post(f"/admin/campaigns/auditentry/{entry.pk}/change/", {"object_repr": "forged"})
    assert response.status_code == 403
    assert admin.post(f"/admin/campaigns/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin.get("/admin/campaigns/auditentry/add/").status_code == 403
    entry.refresh_from_db()
    assert entry.object_repr == "Someone"
