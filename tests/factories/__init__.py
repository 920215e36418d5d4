"""Factories shared by the test suite, one module per app: ``tests/factories/<app>.py``.

``from tests.factories import member, district`` keeps working: the names are re-exported here. The factories are
the test suite's only: they write rows straight through the ORM with factory_boy (a dev dependency, and tests/ is
not in the production image), so the demo app (demo/) does not use them and writes through the apps' services.
"""

from .organizations import (
    MembershipFactory,
    ServicePointFactory,
    UnitFactory,
    UserFactory,
    district,
    member,
)

__all__ = ["MembershipFactory", "ServicePointFactory", "UnitFactory", "UserFactory", "district", "member"]
