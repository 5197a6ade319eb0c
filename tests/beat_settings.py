"""Test settings for beat processes: one heartbeat a second, so a test sees who sends it."""

from config.test_settings import *  # noqa: F403

CELERY_BEAT_SCHEDULE = {"worker-heartbeat": {"task": "config.tasks.heartbeat", "schedule": 1.0}}
