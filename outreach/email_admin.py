"""Read-only admin of the email outbox and the daily-run claims (imported by outreach/admin.py)."""

from __future__ import annotations

from django.contrib import admin

from outreach.email_models import DailyRun, OutgoingEmail


class ReadOnlyAdmin(admin.ModelAdmin):
    # Rows are written by the services only: one added or edited here would bypass the claim.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "recipient", "language", "status", "attempts", "sent_at", "last_error")
    list_filter = ("status", "kind", "language")
    search_fields = ("recipient", "dedupe_key", "subject")
    date_hierarchy = "created_at"


@admin.register(DailyRun)
class DailyRunAdmin(ReadOnlyAdmin):
    list_display = ("job", "day", "detail", "created_at")
    search_fields = ("job",)
