"""The beat schedule is one declared table (config/beat.py) naming exactly the tasks that exist and run by
the clock; no app adds to it at start-up."""

import inspect
from pathlib import Path

from django.conf import settings

from config.beat import CELERY_BEAT_SCHEDULE
from config.celery import app

ROOT = Path(__file__).resolve().parents[2]
#: Tasks needing no argument that run on demand, never by the clock (and why).
ON_DEMAND = {
    "publishing.tasks.regenerate_current": "queued when the unit tree changes (publishing/signals.py)",
}


def project_tasks() -> dict:
    """The project's registered Celery tasks by name (Celery's own tasks left out)."""
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def takes_no_argument(task) -> bool:
    parameters = inspect.signature(task.run).parameters.values()
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters)


def test_settings_use_the_one_table():
    assert settings.CELERY_BEAT_SCHEDULE is CELERY_BEAT_SCHEDULE


def test_every_scheduled_name_is_a_registered_task():
    tasks = project_tasks()
    unknown = {
        key: entry["task"] for key, entry in CELERY_BEAT_SCHEDULE.items() if entry["task"] not in tasks
    }
    assert not unknown


def test_every_periodic_task_is_in_the_table():
    scheduled = {entry["task"] for entry in CELERY_BEAT_SCHEDULE.values()}
    periodic = {name for name, task in project_tasks().items() if takes_no_argument(task)} - set(ON_DEMAND)
    assert {"core.tasks.dispatch_pending", "publishing.tasks.text_notices"} <= periodic  # defaults count
    assert periodic - scheduled == set()
    assert not set(ON_DEMAND) & scheduled
    assert set(ON_DEMAND) <= set(project_tasks())


def test_no_app_adds_to_the_schedule():
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted(ROOT.glob("*/apps.py"))
        if "CELERY_BEAT_SCHEDULE" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
