"""The stylesheet and the vendored htmx are found by the static files finders (collectstatic)."""

from django.contrib.staticfiles import finders


def test_ui_assets_are_found():
    for name in ("parley/parley.css", "parley/vendor/htmx-2.0.11.min.js"):
        assert finders.find(name), name


def test_every_page_names_its_icon_and_favicon_ico_leads_to_it(client):
    assert finders.find("parley/favicon.svg")
    page = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/parley/favicon.svg" type="image/svg+xml">' in page
    response = client.get("/favicon.ico")  # signed out, as a browser's own request is
    assert response.status_code == 301 and response["Location"] == "/static/parley/favicon.svg"
