from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "participation"
    verbose_name = _("公众参与（好差评与监督）")

    def ready(self):
        from celery.schedules import crontab
        from django.conf import settings

        schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
        if isinstance(schedule, dict):  # contacts past the office's retention period removed nightly
            schedule.setdefault(
                "participation-remove-expired-contacts",
                {
                    "task": "participation.tasks.remove_expired_contacts",
                    "schedule": crontab(hour=3, minute=30),
                },
            )
