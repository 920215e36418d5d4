from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("信息发布")

    def ready(self):
        from celery.schedules import crontab
        from django.conf import settings

        from . import notices, signals  # noqa: F401

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
                "publishing-refresh-deadlines",
                {"task": "publishing.tasks.refresh_deadlines", "schedule": crontab(hour=0, minute=20)},
            )
            schedule.setdefault(
                "publishing-due-notices",
                {"task": "publishing.tasks.due_notices", "schedule": crontab(hour=8, minute=15)},
            )
            schedule.setdefault(
                "publishing-notice-digests",
                {"task": "publishing.tasks.email_notice_digests", "schedule": crontab(hour=8, minute=30)},
            )
            schedule.setdefault(
                "publishing-notice-sms",
                {"task": "publishing.tasks.text_notices", "schedule": crontab(minute="*/5")},
            )
            schedule.setdefault(
                "publishing-check-columns",
                {"task": "publishing.tasks.check_columns", "schedule": crontab(hour=1, minute=30)},
            )
