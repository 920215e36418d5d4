"""Keep the obligations in step with the catalog and the unit tree."""

from django.db import transaction
from django.db.models.signals import post_init, post_save
from django.dispatch import receiver

from catalog.services import edition_approved
from organizations.models import Unit

from .services import publication_published

TRACKED = ("is_active", "kind", "parent_id")
_DEFERRED = object()


@receiver(edition_approved)
def regenerate_on_approval(sender, edition, **kwargs):
    from .tasks import generate_obligations

    generate_obligations.delay(edition.pk)


@receiver(post_init, sender=Unit)
def remember_unit_state(sender, instance, **kwargs):
    # Read __dict__ only: touching a deferred field here would load it, build another instance, recurse.
    instance._publishing_state = tuple(instance.__dict__.get(name, _DEFERRED) for name in TRACKED)


@receiver(post_save, sender=Unit)
def regenerate_on_unit_change(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    state = tuple(instance.__dict__.get(name, _DEFERRED) for name in TRACKED)
    if created or state != getattr(instance, "_publishing_state", None):
        instance._publishing_state = state
        from .tasks import regenerate_current

        transaction.on_commit(regenerate_current.delay)


@receiver(publication_published)
def push_on_publish(sender, publication, **kwargs):
    """Targeted push (精准推送) to the subscribers, after the commit, by publication id."""
    from .tasks import push_publication

    pk = publication.pk
    transaction.on_commit(lambda: push_publication.delay(pk))
