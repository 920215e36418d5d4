from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Installed outside production only (config/settings.py): ``load_demo`` and ``demo_accounts``."""

    name = "demo"
    verbose_name = _("演示数据")
