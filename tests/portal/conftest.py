from tests.portal.fixtures import clean_cache, world  # noqa: F401
