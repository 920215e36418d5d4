from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotConfig(AppConfig):
    name = "pilot"
    verbose_name = _("试点台账")

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from publishing.selectors import register_desk_section

        from .selectors import desk_section, may_handle

        # the pilot tasks a unit leads or cooperates on, on the officers' desk (publishing cannot import us)
        register_desk_section(
            "pilot",
            desk_section,
            nav_label=gettext_lazy("试点台账"),
            nav_url=lambda: reverse("pilot:desk"),
            allowed=may_handle,
        )
