"""The Celery app: ``celery -A config worker`` and ``celery -A config beat``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("parley")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Task modules outside an app's tasks.py, which autodiscovery finds by itself.
app.conf.imports = ("config.tasks", "campaigns.reports.tasks")
app.autodiscover_tasks()
