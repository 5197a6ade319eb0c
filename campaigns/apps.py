from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from config.db_functions import register_sqlite_functions


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        # The search's parley_fold() on SQLite (PostgreSQL has it as an SQL function).
        connection_created.connect(register_sqlite_functions, dispatch_uid="parley-sqlite-functions")
