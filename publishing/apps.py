from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("信息发布")

    def ready(self):
        from celery.schedules import crontab
        from django.conf import settings

        from . import signals  # noqa: F401

        # The periodic jobs of this app (Celery beat). The DatabaseScheduler copies them into its tables.
        schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
        if isinstance(schedule, dict):
            schedule.setdefault(
                "publishing-publish-due",
                {"task": "publishing.tasks.publish_due", "schedule": crontab(minute="*/5")},
            )
            schedule.setdefault(
                "publishing-send-reminders",
                {"task": "publishing.tasks.send_reminders", "schedule": crontab(hour=8, minute=0)},
            )
            schedule.setdefault(
                "publishing-check-columns",
                {"task": "publishing.tasks.check_columns", "schedule": crontab(hour=1, minute=30)},
            )
