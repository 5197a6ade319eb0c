"""Queries per request of the API's list endpoints as the rows grow (2, 20, 50 rows: a full page).

    python bench/api_query_counts.py            # throwaway SQLite database under var/bench/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley_bench python bench/api_query_counts.py

Each request is authenticated with a personal token of a staff member; the counts include the token
lookup and the caller's campaign ids.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
bench_dir = BASE_DIR / "var" / "bench"
bench_dir.mkdir(parents=True, exist_ok=True)
db_file = Path(tempfile.mkstemp(dir=bench_dir, suffix=".sqlite3")[1])
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{db_file}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_token": None}}


def main() -> None:
    call_command("migrate", verbosity=0)
    from campaigns.models import Membership
    from tests import factories
    from tests.api.conftest import client_for
    from tests.api.query_counts import LIST_ENDPOINTS, list_queries, make_rich

    steps = (2, 20, 50)
    print(f"{'endpoint':<16}" + "".join(f"{n:>6} rows" for n in steps))
    for name in LIST_ENDPOINTS:
        campaign = factories.CampaignFactory()
        user = factories.UserFactory()
        factories.MembershipFactory(user=user, campaign=campaign, role=Membership.Role.STAFF)
        client = client_for(user)
        made, counts = 0, []
        for target in steps:
            while made < target:
                make_rich(name, campaign, user)
                made += 1
            client.get(f"/api/v1/{name}/")
            counts.append(list_queries(client, name))
        print(f"{name:<16}" + "".join(f"{c:>11}" for c in counts))


if __name__ == "__main__":
    try:
        main()
    finally:
        db_file.unlink(missing_ok=True)
