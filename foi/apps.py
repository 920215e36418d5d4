from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoiConfig(AppConfig):
    name = "foi"
    verbose_name = _("依申请公开")

    def ready(self):
        from celery.schedules import crontab
        from django.conf import settings

        from . import admin_audit, signals  # noqa: F401 - the audit trail's admin; the receivers

        schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
        if isinstance(schedule, dict):
            schedule.setdefault(
                "foi-send-reminders",
                {"task": "foi.tasks.send_reminders", "schedule": crontab(hour=8, minute=10)},
            )
            # personal data past the office's retention period, anonymised nightly (foi/retention.py)
            schedule.setdefault(
                "foi-anonymise-expired",
                {"task": "foi.tasks.anonymise_expired", "schedule": crontab(hour=3, minute=20)},
            )
