from django.core.management.base import BaseCommand

from campaigns.reports.rollups import mention_rollup_refresh


class Command(BaseCommand):
    help = "Bring the dashboards' mention counts up to date now (beat does it every minute)."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="recount every mention, not only the new ones")

    def handle(self, *args, full: bool = False, **options):
        cells = mention_rollup_refresh(full=full)
        self.stdout.write(f"Dashboards up to date: {cells} campaign-days recounted.")
