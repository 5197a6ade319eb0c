"""Schemathesis over /api/schema/: generated requests to every operation, as a staff member of a
seeded campaign; no 5xx and no response that violates the schema (bounded examples per operation)."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from campaigns.models import Membership
from campaigns.services import api_token_create
from tests import factories

MAX_EXAMPLES = 10


@pytest.fixture
def settings_override(settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    # Generated traffic must meet the API, not the throttle.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_token": None}}


@pytest.fixture
def staff_token(db) -> str:
    campaign = factories.CampaignFactory(slug="nk-2020")
    other = factories.CampaignFactory(slug="other")
    user = factories.UserFactory(username="fuzz-staff")
    factories.MembershipFactory(user=user, campaign=campaign, role=Membership.Role.STAFF)
    contact = factories.ContactFactory()
    op_ed = factories.OpEdFactory(campaign=campaign)
    factories.PitchFactory(op_ed=op_ed)
    factories.PitchFactory(op_ed=factories.OpEdFactory(campaign=other))
    briefing = factories.BriefingFactory(campaign=campaign)
    factories.InvitationFactory(briefing=briefing, contact=contact)
    factories.InteractionFactory(campaign=campaign, contact=contact, logged_by=user)
    factories.ObjectiveFactory(campaign=campaign)
    factories.TrackedTermFactory(campaign=campaign)
    factories.MentionFactory(campaign=campaign)
    factories.PlacementFactory(campaign=campaign, published_on=dt.date(2020, 11, 10))
    factories.FeedFactory()
    _token, secret = api_token_create(user=user, name="schemathesis")
    return secret


def load_schema():
    """The schema the /api/schema/ view serves (to signed-in callers only), generated in this process.

    It touches neither the database nor the session, so it loads at collection time (schemathesis'
    lazy from_fixture loader does not work with pytest 9: it sets Node._nodeid).
    """
    raw = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.openapi.from_dict(raw)
    with override_settings(ALLOWED_HOSTS=["localhost"]):
        loaded.app = get_wsgi_application()
    loaded.location = "/api/schema/"
    return loaded


schema = load_schema()
# CI: explicit examples plus MAX_EXAMPLES generated cases (valid and invalid) per operation. The coverage
# phase (every boundary case the schema defines, unbounded) takes several minutes on 2 cores: run it
# on demand with SCHEMATHESIS_COVERAGE=1.
schema.config.phases.update(
    phases=["examples", "fuzzing", "coverage"] if os.environ.get("SCHEMATHESIS_COVERAGE") else ["examples", "fuzzing"]
)


@pytest.fixture(autouse=True)
def keep_test_connection_open():
    """The WSGI app runs in this thread on the test's own connection (inside its transaction): the
    handler must not close it at the end of each request (Django's test client arranges the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, staff_token, settings_override):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {staff_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
