from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaTrackerConfig(AppConfig):
    name = "media_tracker"
    verbose_name = _("Media tracker")
