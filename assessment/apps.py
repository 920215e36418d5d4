from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("考核评估")

    def ready(self):
        from celery.schedules import crontab
        from django.conf import settings

        from . import signals  # noqa: F401

        # Nightly: recompute the computed indicators of every open round (Celery beat, DatabaseScheduler).
        schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
        if isinstance(schedule, dict):
            schedule.setdefault(
                "assessment-compute-open-rounds",
                {"task": "assessment.tasks.compute_open_rounds", "schedule": crontab(hour=2, minute=30)},
            )
