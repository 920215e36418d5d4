from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoiConfig(AppConfig):
    name = "foi"
    verbose_name = _("依申请公开")

    def ready(self):
        from . import admin_audit, signals  # noqa: F401 - the audit trail's admin; the receivers
