from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = _("公开栏")

    def ready(self):
        from django.db.models.signals import post_save
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from publishing.models import Publication
        from publishing.selectors import register_desk_section

        from .selectors import desk_section, may_post
        from .signals import publication_saved

        # boards that carried nothing in the period a community must post in, on the officers' desk
        register_desk_section(
            "boards",
            desk_section,
            nav_label=gettext_lazy("公开栏张贴"),
            nav_url=lambda: reverse("admin:boards_posting_changelist"),
            allowed=may_post,
        )
        # a posted record changed online: the sheet on the board must be re-posted (the poster and keeper told)
        post_save.connect(publication_saved, sender=Publication, dispatch_uid="boards.publication_saved")
