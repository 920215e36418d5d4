"""The Celery app. Tasks run eagerly when no REDIS_URL is set (the embedded default)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Every task keeps its work in the database when the broker is down (core.tasks.ResilientTask).
app = Celery("config", task_cls="core.tasks:ResilientTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
