from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionConfig(AppConfig):
    name = "interaction"
    verbose_name = _("互动交流")

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from publishing.selectors import register_desk_section

        from .selectors import desk_section, may_handle

        # messages waiting for an answer on the officers' desk (publishing cannot import interaction)
        register_desk_section(
            "interaction",
            desk_section,
            nav_label=gettext_lazy("互动交流"),
            nav_url=lambda: reverse("interaction:inbox"),
            allowed=may_handle,
        )
