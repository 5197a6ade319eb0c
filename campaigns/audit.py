"""The audit trail's own events (archived, merged, imported, exported, viewed...) and its reads.

Creates, changes and deletes of the tracked models are recorded by django-auditlog itself
(``AUDITLOG_INCLUDE_TRACKING_MODELS``); the acting user comes from the service's ``by``
(``config.audit``). What is not a row change is recorded here, by the service or page that does it.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from campaigns.models import AuditEntry
from config.audit import acting, scope_of

Event = AuditEntry.Event
ACTION_OF_EVENT = {
    Event.CREATED: AuditEntry.Action.CREATE,
    Event.DELETED: AuditEntry.Action.DELETE,
    Event.VIEWED: AuditEntry.Action.ACCESS,
    Event.EXPORTED: AuditEntry.Action.ACCESS,
}


def audit_event(
    *,
    event: str,
    by,
    obj=None,
    model=None,
    label: str = "",
    changes: dict | None = None,
    campaign_id: int | None = None,
    contact_id: int | None = None,
    data: dict | None = None,
) -> AuditEntry:
    """Record ``event`` about ``obj`` (or about rows of ``model``, e.g. an export), done ``by`` someone.

    ``changes`` reads like django-auditlog's: ``{field: [before, after]}``. The campaign and contact
    default to the object's own (``config.audit.SCOPES``).
    """
    model = model or type(obj)
    scope = scope_of(obj) if obj is not None else (None, None)
    with acting(by):
        return AuditEntry.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_pk=str(obj.pk) if obj is not None else "",
            object_id=obj.pk if obj is not None and isinstance(obj.pk, int) else None,
            object_repr=label or (str(obj) if obj is not None else str(model._meta.verbose_name_plural)),
            action=ACTION_OF_EVENT.get(event, AuditEntry.Action.UPDATE),
            event=event,
            changes=changes or {},
            campaign_pk=campaign_id if campaign_id is not None else scope[0],
            contact_pk=contact_id if contact_id is not None else scope[1],
            additional_data=data or None,
        )


def audit_trail(*, campaign_ids=None, contact_id: int | None = None):
    """Entries of the campaigns ``campaign_ids`` and, with ``contact_id``, of that contact: those
    tied to no campaign, or to one of ``campaign_ids``. Newest first."""
    entries = AuditEntry.objects.select_related("content_type").order_by("-timestamp", "-id")
    if contact_id is not None:
        entries = entries.for_contact(contact_id).filter(
            Q(campaign_pk__isnull=True) | Q(campaign_pk__in=list(campaign_ids or []))
        )
    else:
        entries = entries.filter(campaign_pk__in=list(campaign_ids or []))
    return entries
