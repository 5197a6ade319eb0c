"""What every journey test checks on every page it visits, and the stack a journey runs on.

A journey is a person's task done in the real browser: it signs in (or opens an email), then only
clicks what the page shows and follows its links. `Watch` records every console error, uncaught
exception and failed request of a browser context; `Watch.page_ok(page)` fails the journey on any
of them, on horizontal overflow (a phone must never scroll sideways) and on any serious or
critical axe-core violation.

`journey_stack` is the live server plus what a partner's email needs on this machine: a real SMTP
server on loopback and a real Celery worker process sending the outbox to it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import pytest

from tests.browser.conftest import LAUNCH_ARGS, axe_violations  # noqa: F401  (re-exported for journeys)

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "fr", "ar")


@dataclass
class Watch:
    """Console errors, page errors and failed requests of one browser context."""

    allowed_statuses: set[tuple[str, int]] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        context.on("page", self._attach_page)
        for tab in context.pages:
            self._attach_page(tab)

    def _attach_page(self, tab) -> None:
        tab.on("console", self._console)
        tab.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        tab.on("requestfailed", self._request_failed)
        tab.on("response", self._response)

    def _console(self, message) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        # The browser also reports an expected refusal (watch.allow) in the console: not a fault.
        status = re.search(r"responded with a status of (\d+)", message.text)
        if status and (self._path(url), int(status.group(1))) in self.allowed_statuses:
            return
        self.problems.append(f"console error: {message.text} ({url})")

    @staticmethod
    def _path(url: str) -> str:
        return "/" + url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0] if "://" in url else url

    def _request_failed(self, request) -> None:
        failure = request.failure or ""
        # A navigation started before the previous one finished aborts the first: not a fault.
        if "ERR_ABORTED" in failure:
            return
        self.problems.append(f"request failed: {request.method} {request.url} ({failure})")

    def _response(self, response) -> None:
        if response.status < 400:
            return
        if (self._path(response.url), response.status) in self.allowed_statuses:
            return
        self.problems.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def allow(self, path: str, status: int) -> None:
        """A refusal the journey itself expects (for example a viewer opening an edit address)."""
        self.allowed_statuses.add((path, status))

    def assert_clean(self) -> None:
        problems, self.problems = self.problems, []
        assert not problems, "\n".join(problems)

    def page_ok(self, page, *, axe: bool = True) -> None:
        """No error so far, no sideways scroll, no serious or critical accessibility violation."""
        page.wait_for_load_state("load")
        self.assert_clean()
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{page.url} is {overflow}px wider than the {page.viewport_size['width']}px screen"
        if axe:
            violations = axe_violations(page)
            assert not violations, f"{page.url}: {violations}"


def new_tab(browser, base_url: str, *, language: str = "en", viewport: dict | None = None, phone: bool = False):
    """A fresh browser context (its own cookies) whose Accept-Language is `language`, with a Watch."""
    size = viewport or (PHONE if phone else DESKTOP)
    context = browser.new_context(
        base_url=base_url,
        viewport=size,
        locale={"en": "en-GB", "fr": "fr-FR", "ar": "ar"}[language],
        extra_http_headers={"Accept-Language": language},
        is_mobile=phone,
        has_touch=phone,
    )
    context.set_default_timeout(15_000)
    watch = Watch()
    watch.attach(context)
    tab = context.new_page()
    return context, tab, watch


@dataclass
class JourneyStack:
    url: str
    smtp: object
    worker: object


@pytest.fixture
def journey_stack(live_server, smtp_server, settings, tmp_path, transactional_db):
    """The live server, a real SMTP server on loopback and a real worker sending the outbox to it."""
    from config.celery import app
    from tests.conftest import WorkerProcess

    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    with app.connection_for_write() as conn:
        app.control.purge(connection=conn)
    saved = {key: os.environ.get(key) for key in ("EMAIL_URL", "SITE_URL")}
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_server.port}"
    os.environ["SITE_URL"] = live_server.url
    worker = WorkerProcess(tmp_path / "worker.log")
    try:
        worker.start()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    yield JourneyStack(url=live_server.url, smtp=smtp_server, worker=worker)
    worker.stop()
