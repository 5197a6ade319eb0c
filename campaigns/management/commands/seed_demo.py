"""Create the demo campaign (Nagorno-Karabakh, autumn 2020); running it again changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand

from campaigns.reports.demo import demo_seed
from campaigns.reports.demo_data import DEMO_PASSWORD, DEMO_USERNAMES


class Command(BaseCommand):
    help = "Create the demo Nagorno-Karabakh campaign with its team, partners, briefing, op-eds and press pickup."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            self.stderr.write(
                self.style.WARNING("DEBUG is off: the demo users have a published password; never seed production.")
            )
        created = demo_seed()
        if any(created.values()):
            details = ", ".join(f"{key} {count}" for key, count in created.items() if count)
            self.stdout.write(self.style.SUCCESS(f"Demo campaign seeded. Created: {details}."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo campaign already seeded: nothing to create."))
        self.stdout.write(
            f"Sign in as {', '.join(DEMO_USERNAMES)} with the password {DEMO_PASSWORD!r} "
            "(set when a demo user is first created, never changed afterwards)."
        )
