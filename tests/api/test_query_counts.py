"""List endpoints run a constant number of queries however many rows the page holds (no N+1)."""

from __future__ import annotations

import pytest

from tests.api.conftest import client_for
from tests.api.query_counts import LIST_ENDPOINTS, list_queries, make_rich

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", LIST_ENDPOINTS)
def test_list_query_count_does_not_grow_with_rows(world, name):
    client = client_for(world.staff)
    for _ in range(2):
        make_rich(name, world.campaign, world.staff)
    client.get(f"/api/v1/{name}/")  # warm-up: the token's last_used_at is written once a minute at most
    with_2 = list_queries(client, name)
    for _ in range(18):
        make_rich(name, world.campaign, world.staff)
    with_20 = list_queries(client, name)
    assert with_20 == with_2, f"{name}: {with_2} queries for 2 rows, {with_20} for 20"
    assert with_2 <= 6
