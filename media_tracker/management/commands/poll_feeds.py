"""python manage.py poll_feeds [--feed ID]: poll now, in the foreground, and print what was found."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from media_tracker.models import Feed
from media_tracker.services.ingest import feed_poll
from media_tracker.services.terms import terms_refresh_all_derived


class Command(BaseCommand):
    help = "Poll every active feed now (or one with --feed), and print the articles, mentions and placements found."

    def add_arguments(self, parser):
        parser.add_argument("--feed", type=int, action="append", help="Id of a feed to poll (repeatable).")

    def handle(self, *args, **options):
        if options["feed"]:
            feeds = list(Feed.objects.filter(pk__in=options["feed"]).select_related("outlet"))
            missing = set(options["feed"]) - {f.pk for f in feeds}
            if missing:
                raise CommandError(f"No feed with id {', '.join(map(str, sorted(missing)))}.")
        else:
            feeds = list(Feed.objects.filter(is_active=True).select_related("outlet"))
        added, _retired = terms_refresh_all_derived()
        if added:
            self.stdout.write(f"{added} new derived term(s)")
        failed = 0
        for feed in feeds:
            outcome = feed_poll(feed_id=feed.pk, force=True)
            label = f"[{feed.pk}] {feed.outlet.name}: {feed.url}"
            if not outcome.claimed:
                self.stdout.write(f"{label}: skipped (inactive, or being polled by another process)")
            elif outcome.error:
                failed += 1
                self.stdout.write(self.style.ERROR(f"{label}: FAILED: {outcome.error}"))
            elif outcome.not_modified:
                self.stdout.write(f"{label}: not modified")
            else:
                new = outcome.new_articles
                self.stdout.write(f"{label}: {outcome.entries} entries, {len(new)} new article(s)")
                for item in outcome.outcomes:
                    if item.warning:
                        self.stdout.write(self.style.WARNING(f"  ! {item.warning}"))
                    if not item.created or item.article is None:
                        continue
                    self.stdout.write(f"  + {item.article.title} [{item.article.language}] {item.article.url}")
                    for mention in item.mentions:
                        terms = ", ".join(sorted(t.term for t in mention.terms.all()))
                        self.stdout.write(f"      mention for {mention.campaign.name}: {terms}")
                    for placement in item.placements:
                        self.stdout.write(self.style.SUCCESS(f"      PLACEMENT of pitch {placement.pitch_id}"))
        if failed:
            self.stdout.write(self.style.WARNING(f"{failed} feed(s) failed; see the errors above."))
