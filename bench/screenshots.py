"""Screenshots of the main journeys' pages, as each demo user sees them, in every language.

Starts Parley with the demo campaign (scripts/run.py, in a var/ folder of its own so your own
database is never touched), signs in as coordinator, staff and viewer with Debian's Chromium
(Playwright), and saves full-page PNGs of home, the dashboard, the upcoming briefing, the op-ed
board, media and contacts, plus a partner's RSVP page, in English, French and Arabic at 1366
and 390 px wide:

    var/screenshots/<language>/<width>/<user>-<page>.png     (git-ignored)

    python bench/screenshots.py            # everything (about 120 pictures)
    python bench/screenshots.py --quick    # one language, one width, one user, the home page
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

CHROMIUM = os.environ.get("PARLEY_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
LANGUAGES = ["en", "fr", "ar"]
WIDTHS = [1366, 390]
USERS = ["coordinator", "staff", "viewer"]
PAGES = ["home", "dashboard", "briefing", "op-eds", "media", "contacts"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(var_dir: Path) -> dict[str, str]:
    """A laptop's environment with its own var/: SQLite and the embedded broker."""
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL", "SITE_URL"}}
    env.update(
        PARLEY_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'parley.sqlite3'}",
        DEBUG="true",
        EMAIL_URL="file:var/mail",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def start_server(var_dir: Path, port: int) -> subprocess.Popen:
    var_dir.mkdir(parents=True, exist_ok=True)
    out = var_dir / "run.out"
    with out.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "scripts/run.py", "--port", str(port), "--worker-concurrency", "1",
             "--env-file", os.devnull],
            cwd=BASE_DIR, env=server_env(var_dir), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + 600
    while "Stop with Ctrl-C" not in out.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            stop_server(process)
            sys.exit(f"screenshots: the server did not start:\n{out.read_text()[-2000:]}")
        time.sleep(0.5)
    return process


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def demo_paths(var_dir: Path, languages: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """The pages' paths in the demo just seeded, and an RSVP page for an invitee of each language."""
    os.environ.update(server_env(var_dir))
    import django

    django.setup()
    from django.urls import reverse
    from django.utils import timezone

    from campaigns.models import Campaign
    from outreach.models import Briefing, Invitation
    from outreach.services.rsvp import rsvp_token

    campaign = Campaign.objects.get(slug="nagorno-karabakh-2020")
    briefing = (
        Briefing.objects.filter(campaign=campaign, starts_at__gt=timezone.now()).order_by("starts_at").first()
        or Briefing.objects.filter(campaign=campaign).order_by("-starts_at").first()
    )
    pages = {
        "home": reverse("home"),
        "dashboard": reverse("campaigns:dashboard", args=[campaign.slug]),
        "briefing": reverse("outreach:briefing-detail", args=[briefing.pk]),
        "op-eds": reverse("outreach:oped-board"),
        "media": reverse("media_tracker:media"),
        "contacts": reverse("outreach:contact-list"),
    }
    rsvp = {}
    for language in languages:
        invitation = (
            Invitation.objects.filter(briefing=briefing, contact__preferred_language=language).order_by("pk").first()
        )
        if invitation:
            rsvp[language] = reverse("rsvp:answer", args=[rsvp_token(invitation=invitation, answer="accept")])
    return pages, rsvp


def shoot(base_url: str, out: Path, *, users, languages, widths, pages: dict, rsvp: dict) -> list[str]:
    """Take the screenshots; return the problems seen (a page that did not answer 200)."""
    from playwright.sync_api import sync_playwright

    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for language in languages:
            for width in widths:
                folder = out / language / str(width)
                folder.mkdir(parents=True, exist_ok=True)
                for user in [*users, None]:
                    context = browser.new_context(
                        base_url=base_url,
                        viewport={"width": width, "height": 900 if width > 600 else 844},
                        locale={"en": "en-GB", "fr": "fr-FR", "ar": "ar"}[language],
                        extra_http_headers={"Accept-Language": language},
                        is_mobile=width < 600,
                        has_touch=width < 600,
                    )
                    tab = context.new_page()
                    if user is None:  # a partner, signed out, on the RSVP link of their email
                        targets = {"rsvp": rsvp[language]} if language in rsvp else {}
                        name = "partner"
                    else:
                        tab.goto("/accounts/login/")
                        tab.fill("input[name=username]", user)
                        tab.fill("input[name=password]", "parley-demo")
                        tab.click("form:has(input[name=password]) button[type=submit]")
                        tab.wait_for_load_state()
                        targets, name = pages, user
                        if "/accounts/login/" in tab.url:
                            problems.append(f"{user} {language} {width}: could not sign in")
                            targets = {}
                    for page, path in targets.items():
                        response = tab.goto(path)
                        tab.wait_for_load_state("networkidle")
                        if response is None or response.status != 200:
                            status = response.status if response else "nothing"
                            problems.append(f"{name} {language} {width}: {path} answered {status}")
                        tab.screenshot(path=str(folder / f"{name}-{page}.png"), full_page=True)
                    context.close()
        browser.close()
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one language, width, user and page (a smoke test)")
    parser.add_argument("--out", type=Path, default=BASE_DIR / "var" / "screenshots", help="where the PNGs go")
    parser.add_argument(
        "--var-dir", type=Path, default=BASE_DIR / "var" / "screenshots-site", help="the demo server's own var/"
    )
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"screenshots: Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    languages, widths, users = (["en"], [1366], ["coordinator"]) if args.quick else (LANGUAGES, WIDTHS, USERS)

    started = time.monotonic()
    port = free_port()
    server = start_server(args.var_dir.resolve(), port)
    try:
        pages, rsvp = demo_paths(args.var_dir.resolve(), languages)
        if args.quick:
            pages, rsvp = {"home": pages["home"]}, {}
        os.environ.setdefault("XDG_CONFIG_HOME", str(args.var_dir.resolve() / "chromium"))
        problems = shoot(
            f"http://127.0.0.1:{port}", args.out, users=users, languages=languages, widths=widths, pages=pages,
            rsvp=rsvp,
        )  # fmt: skip
    finally:
        stop_server(server)
    count = len(list(args.out.rglob("*.png")))
    print(f"screenshots: {count} PNGs under {args.out} in {time.monotonic() - started:.0f} s")
    for problem in problems:
        print(f"screenshots: {problem}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
