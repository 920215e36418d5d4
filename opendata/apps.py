from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("开放数据与接口")

    def ready(self):
        from celery.schedules import crontab
        from django.conf import settings

        # The nightly open-data dump (Celery beat). The DatabaseScheduler copies it into its tables.
        schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
        if isinstance(schedule, dict):
            schedule.setdefault(
                "opendata-nightly-dump",
                {"task": "opendata.tasks.dump_open_data", "schedule": crontab(hour=2, minute=30)},
            )
