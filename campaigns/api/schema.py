"""OpenAPI: error bodies on every operation, and the token security scheme."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="A human-readable message.")
    errors = serializers.DictField(
        child=serializers.JSONField(), help_text="Field name to list of messages (non_field_errors for the whole body)."
    )


class ApiAutoSchema(AutoSchema):
    """Document the error bodies of every operation alongside its success."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = {
            "401": _("Not signed in, or the token is invalid, revoked or expired."),
            "429": _("Too many requests."),
        }
        if self.method in ("POST", "PUT", "PATCH"):
            codes["400"] = _("Invalid input; field errors in errors.")
            codes["413"] = _("The request body is too large.")
        if self.method != "GET" or "{" in self.path:
            codes["403"] = _("The role in the campaign does not allow this.")
        if self.method == "DELETE":
            codes["409"] = _("Other records still refer to this one.")
        if "{" in self.path:
            codes["404"] = _("No such object among those the caller may see.")
        if self.method == "GET" and "{" not in self.path:
            codes["400"] = _("Invalid filter value.")
            codes["404"] = _("Invalid page or cursor.")
        for code, description in codes.items():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = str(description)
                responses[code] = response
        return responses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "campaigns.api.auth.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token created under /account/tokens/ (prl_...).",
        }
