"""Admin actions that change state through a service: the admin's one door to a state change.

State fields are read-only in every ModelAdmin; an action built here asks for the service's
arguments on a page of its own (when it has any), calls the service once per selected row,
each in its own transaction, and reports what was done and what was refused, and why.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse


def service_action(
    *,
    name: str,
    description: str,
    call: Callable[..., object],
    done_message: str,
    form_class: type[forms.Form] | None = None,
):
    """An admin action calling ``call(obj=..., by=request.user, **form.cleaned_data)`` for each selected row.

    ``done_message`` is formatted with ``%(count)d``. A ValidationError from the service is shown
    next to the row's name and changes nothing for that row.
    """

    def action(modeladmin: admin.ModelAdmin, request, queryset):
        arguments: dict = {}
        if form_class is not None:
            form = form_class(request.POST if "apply" in request.POST else None)
            if not form.is_bound or not form.is_valid():
                return TemplateResponse(
                    request,
                    "admin/service_action.html",
                    {
                        **modeladmin.admin_site.each_context(request),
                        "title": description,
                        "form": form,
                        "objects": list(queryset[:50]),
                        "count": queryset.count(),
                        "action": name,
                        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                        "opts": modeladmin.model._meta,
                        "select_across": request.POST.get("select_across", "0"),
                    },
                )
            arguments = form.cleaned_data
        done = 0
        for obj in queryset:
            try:
                with transaction.atomic():
                    call(obj=obj, by=request.user, **arguments)
            except ValidationError as exc:
                modeladmin.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        return None

    action.__name__ = name
    return admin.action(description=description)(action)


class ServiceErrorsInAdmin:
    """ModelAdmin mixin: a ValidationError raised by a service in save_model or delete_model becomes
    an error message on the same page; the transaction the admin opened is rolled back, so nothing
    is half-written."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return self._refused_redirect(request)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            with transaction.atomic():
                return super().delete_view(request, object_id, extra_context)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return self._refused_redirect(request)

    def _refused_redirect(self, request):
        return HttpResponseRedirect(request.get_full_path())
