from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoiConfig(AppConfig):
    name = "foi"
    verbose_name = _("依申请公开")

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from core import outbox
        from publishing.selectors import register_desk_section

        from . import admin_audit, signals  # noqa: F401 - the audit trail's admin; the receivers
        from .notify import CODE

        outbox.carries_secret(CODE)  # a re-issued password leaves no copy in the outbox once sent
        from .selectors import desk_section, may_use_board

        # the requests to handle on the officers' desk and in the staff navigation (publishing cannot import foi)
        register_desk_section(
            "foi",
            desk_section,
            nav_label=gettext_lazy("依申请公开"),
            nav_url=lambda: reverse("foi:workspace"),
            allowed=may_use_board,
        )
