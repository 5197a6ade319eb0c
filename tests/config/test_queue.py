"""Services publish tasks by name: every name they publish is a task the worker knows."""

from __future__ import annotations

import ast

from config.celery import app
from outreach.mail.queue import SEND_TASK
from tests.test_layers import project_modules


def published_names() -> set[str]:
    names = set()
    for path in project_modules().values():
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "enqueue_on_commit"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(node.args[0].value)
    return names | {SEND_TASK}


def test_every_published_task_name_is_registered():
    app.loader.import_default_modules()  # what a worker imports at start
    names = published_names()
    assert {"config.tasks.heartbeat", "media_tracker.poll_feed", "outreach.tasks.send_emails"} <= names
    assert sorted(name for name in names if name not in app.tasks) == []


def test_every_scheduled_task_is_registered(settings):
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert sorted(name for name in scheduled if name not in app.tasks) == []
