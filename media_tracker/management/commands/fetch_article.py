"""python manage.py fetch_article URL [--outlet ID]: fetch one article now and match it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from media_tracker.models import Outlet
from media_tracker.services.ingest import article_fetch_and_match


class Command(BaseCommand):
    help = "Fetch an article URL through the guarded client, store it and print its mentions and placements."

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--outlet", type=int, help="Id of the outlet (default: the outlet whose website matches).")

    def handle(self, *args, **options):
        outlet = None
        if options["outlet"] is not None:
            outlet = Outlet.objects.filter(pk=options["outlet"]).first()
            if outlet is None:
                raise CommandError(f"No outlet with id {options['outlet']}.")
        try:
            outcome = article_fetch_and_match(url=options["url"], outlet=outlet)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        article = outcome.article
        state = "new" if outcome.created else "already stored"
        self.stdout.write(f"{article.title} [{article.language}] {article.outlet.name}: {article.url} ({state})")
        for mention in outcome.mentions:
            terms = ", ".join(sorted(t.term for t in mention.terms.all()))
            self.stdout.write(f"  mention for {mention.campaign.name}: {terms}")
        for placement in outcome.placements:
            self.stdout.write(self.style.SUCCESS(f"  PLACEMENT of pitch {placement.pitch_id}"))
