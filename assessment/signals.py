"""Guards the participating units of a closed round (a many-to-many change bypasses ``Round.save``)."""

from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .models import CLOSED_MESSAGE, Round, RoundStatus


@receiver(m2m_changed, sender=Round.units.through)
def refuse_units_change_when_closed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("pre_"):
        return
    if reverse:
        closed = Round.objects.filter(pk__in=pk_set or [], status=RoundStatus.CLOSED).exists()
    else:
        closed = Round.objects.filter(pk=instance.pk, status=RoundStatus.CLOSED).exists()
    if closed:
        raise ValidationError(CLOSED_MESSAGE)
