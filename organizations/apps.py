from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("单位与人员")

    def ready(self):
        from . import signals  # noqa: F401
