from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchConfig(AppConfig):
    """Installed outside production only (config/settings.py): ``generate_scale_data`` and the /bench/ URLs."""

    name = "bench"
    verbose_name = _("基准测试工具")
