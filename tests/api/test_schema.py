"""The OpenAPI schema validates, and documents every resource, its errors and the token scheme."""

from __future__ import annotations

import io

import yaml
from django.core.management import call_command

RESOURCES = [
    "campaigns",
    "objectives",
    "memberships",
    "organisations",
    "contacts",
    "interactions",
    "briefings",
    "invitations",
    "op-eds",
    "pitches",
    "placements",
    "outlets",
    "feeds",
    "articles",
    "tracked-terms",
    "mentions",
]


def test_schema_validates_without_warnings_and_covers_every_resource():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    schema = yaml.safe_load(out.getvalue())
    paths = schema["paths"]
    for name in RESOURCES:
        assert f"/api/v1/{name}/" in paths
    for action in (
        "pitches/{id}/record-placement/",
        "pitches/{id}/record-answer/",
        "briefings/{id}/invite/",
        "briefings/{id}/send-invitations/",
        "campaigns/{id}/change-status/",
    ):
        assert "post" in paths[f"/api/v1/{action}"]
    assert "/api/v1/invitations/{public_id}/" in paths
    detail = paths["/api/v1/interactions/{id}/"]["patch"]["responses"]
    for code in ("200", "400", "401", "403", "404"):
        assert code in detail
    assert schema["components"]["securitySchemes"]["apiToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal API token created under /account/tokens/ (prl_...).",
    }
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"detail", "errors"}
