from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("公开门户")

    def ready(self):
        from . import signals

        signals.connect_cache_signals()
