"""Create the demo campaign (Nagorno-Karabakh, autumn 2020, and its present dated from today).

Running it again creates only what it never created: what people changed or deleted stays so.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from campaigns.reports.demo import demo_seed
from campaigns.reports.demo_data import DEMO_PASSWORD, DEMO_USERNAMES


class Command(BaseCommand):
    help = (
        "Create the demo Nagorno-Karabakh campaign with its team, partners, briefings, op-eds and press pickup; "
        "a re-run creates only what is missing and never undoes a change or a deletion."
    )

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
