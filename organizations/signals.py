"""Keep ``is_staff`` in step with memberships: every role works in the admin."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Membership
from .permissions import STAFF_ROLES


@receiver(post_save, sender=Membership)
def grant_admin_access(sender, instance, **kwargs):
    user = instance.user
    if instance.role in STAFF_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
