"""The stylesheet and the vendored htmx are found by the static files finders (collectstatic)."""

from django.contrib.staticfiles import finders


def test_ui_assets_are_found():
    for name in ("parley/parley.css", "parley/vendor/htmx-2.0.11.min.js"):
        assert finders.find(name), name
