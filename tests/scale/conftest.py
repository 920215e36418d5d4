"""The portal tests' small district (tests/portal/fixtures.py), which the scale tests grow."""

from tests.portal.fixtures import clean_cache, world  # noqa: F401
