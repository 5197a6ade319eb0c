"""Reports over every app: dashboards, rollups, the quarterly update, digests, the demo seed.

Nothing below this package imports it."""
