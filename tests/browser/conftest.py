"""Helpers for the browser tests (the browser and page fixtures live in ``tests/conftest.py``)."""

from __future__ import annotations

import pytest

DEMO_PASSWORD = "demo2025"


@pytest.fixture
def admin_login(page, live_server):
    """Log ``page`` into the admin through the real login form; returns the page."""

    def login(username: str, password: str = DEMO_PASSWORD):
        page.goto(f"{live_server.url}/admin/login/?next=/admin/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_load_state("domcontentloaded")
        assert page.locator("#user-tools").count() == 1, (
            f"{username} could not log into the admin: {page.url}"
        )
        return page

    return login
