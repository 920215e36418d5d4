"""Keep the obligations in step with the catalog and the unit tree.

Explicit signals only: ``catalog.services.edition_approved``, ``catalog.services.adoption_changed`` and
``organizations.services.unit_changed`` (each sent after the commit by the one service that writes). No
receiver on a model's save.
"""

from django.db import transaction
from django.dispatch import receiver

from catalog.services import adoption_changed, edition_approved
from organizations.services import unit_changed

from .services import publication_published

#: The unit fields whose change changes who owes what. Sectors and aliases are not among them: the office
#: re-plans those with a preview (/workspace/responsibility/) before regenerating.
TRACKED = frozenset({"is_active", "kind", "parent"})


@receiver(edition_approved)
def regenerate_on_approval(sender, edition, **kwargs):
    from .tasks import generate_obligations

    generate_obligations.delay(edition.pk)


@receiver(adoption_changed)
def regenerate_on_adoption(sender, **kwargs):
    """A street's or community's catalog changed (adopted, an item excluded or added): its duties follow it."""
    from .tasks import regenerate_current

    regenerate_current.delay()


@receiver(unit_changed)
def regenerate_on_unit_change(sender, unit, changed, created=False, **kwargs):
    """A unit created, retired or moved (or of another kind): regenerate for the edition in force."""
    if created or changed & TRACKED:
        from .tasks import regenerate_current

        transaction.on_commit(regenerate_current.delay)


@receiver(publication_published)
def push_on_publish(sender, publication, **kwargs):
    """Targeted push (精准推送) to the subscribers, after the commit, by publication id."""
    from .tasks import push_publication

    pk = publication.pk
    transaction.on_commit(lambda: push_publication.delay(pk))
