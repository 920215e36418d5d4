from tests.api.conftest import (  # noqa: F401  the same world as the API tests
    api_setup,
    catalog,
    client,
    domain,
    obligations,
    people,
    points,
    pubs,
)
