"""A person's profile language (campaigns.User.language) is the interface's at sign-in and stays so;
the switcher still changes it, and a choice made on the sign-in page itself wins."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

ARABIC_HOME = "متابعاتي"
FRENCH_HOME = "Mes suivis"


def _speaks(world, code):
    world.viewer.language = code
    world.viewer.save(update_fields=["language"])


def _sign_in(client, user, **headers):
    response = client.post(reverse("login"), {"username": user.username, "password": "pw"}, **headers)
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def test_a_viewer_set_to_arabic_gets_arabic_from_sign_in_on(client, world):
    _speaks(world, "ar")
    response = _sign_in(client, world.viewer, HTTP_ACCEPT_LANGUAGE="en-GB,en")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    for name in ("home", "campaigns:list", "outreach:oped-board"):
        html = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en-GB,en").content.decode()
        assert '<html lang="ar" dir="rtl">' in html, name
    assert ARABIC_HOME in client.get(reverse("home")).content.decode()


def test_the_switcher_still_changes_the_language_and_the_change_is_kept(client, world):
    _speaks(world, "ar")
    _sign_in(client, world.viewer)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert FRENCH_HOME in client.get(reverse("home")).content.decode()
    # The browser loses its cookie (closed, cleared): the session still knows what was chosen.
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    response = client.get(reverse("home"))
    assert FRENCH_HOME in response.content.decode()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"  # and sets it again


def test_a_browser_with_no_language_cookie_gets_the_profiles(client, world):
    _speaks(world, "ar")
    client.force_login(world.viewer)  # a session made elsewhere, no cookie in this browser
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_a_language_chosen_on_the_sign_in_page_wins_over_the_profile(client, world):
    _speaks(world, "ar")
    client.post(reverse("set_language"), {"language": "fr", "next": reverse("login")})
    response = _sign_in(client, world.viewer)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert FRENCH_HOME in client.get(reverse("home")).content.decode()


def test_the_next_person_to_sign_in_on_the_same_browser_gets_their_own_language(client, world):
    _speaks(world, "ar")
    _sign_in(client, world.viewer)
    client.post(reverse("logout"))
    response = _sign_in(client, world.staff)  # profile: English
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en" dir="ltr">' in client.get(reverse("home")).content.decode()


def test_a_client_that_never_keeps_the_cookie_does_not_write_the_session_on_every_request(client, world):
    _speaks(world, "fr")
    client.force_login(world.viewer)
    client.get(reverse("home"))  # the first answer keeps the language in the session
    for _ in range(2):
        del client.cookies[settings.LANGUAGE_COOKIE_NAME]  # a script that sends the session cookie alone
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("home"))
        assert FRENCH_HOME in response.content.decode()
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
        assert not [q["sql"] for q in queries if "django_session" in q["sql"]]
