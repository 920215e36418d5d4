from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionConfig(AppConfig):
    name = "opinion"
    verbose_name = _("政务舆情回应")

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from publishing.selectors import register_desk_section

        from .selectors import desk_section, may_use_ledger

        # the running 舆情 clocks on the officers' desk and in the staff navigation (publishing cannot import opinion)
        register_desk_section(
            "opinion",
            desk_section,
            nav_label=gettext_lazy("舆情回应"),
            nav_url=lambda: reverse("opinion:ledger"),
            allowed=may_use_ledger,
        )
