from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = _("征求意见")

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from publishing.selectors import register_desk_section

        from .selectors import desk_section, may_handle

        # open consultations and feedback reports due, on the officers' desk (publishing cannot import us)
        register_desk_section(
            "consultation",
            desk_section,
            nav_label=gettext_lazy("征求意见"),
            nav_url=lambda: reverse("consultation:desk"),
            allowed=may_handle,
        )
