"""Demo data for publishing: the 三级清单 of the demo district, generated from the approved demo edition."""

from catalog.models import CatalogEdition

from .models import Obligation, ObligationStatus
from .services import generate_obligations


def load(data: dict) -> dict:
    """Generate (idempotently) the obligations for the edition in force; nothing when none is approved."""
    edition = CatalogEdition.objects.current()
    if edition is None:
        return {"obligations": 0}
    result = generate_obligations(edition=edition)
    return {
        "obligations": Obligation.objects.filter(status=ObligationStatus.ACTIVE).count(),
        "created": result.created,
        "closed": result.closed,
    }
