from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("信息发布")

    def ready(self):
        from . import notices, signals  # noqa: F401
