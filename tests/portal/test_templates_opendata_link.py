"""The open-data dump and the API docs are linked from every portal page (the footer of base.html)."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_links_the_open_data_zip_and_the_api_docs(client, world):
    page = client.get("/").content.decode()
    assert 'href="/api/opendata/latest.zip"' in page and "开放数据" in page
    assert 'href="/api/docs/"' in page


def test_service_points_filter_through_the_api_filterset(client, world):
    """The page filters with organizations.filters.ServicePointFilter, as /api/v1/service-points/ does."""
    from organizations.filters import ServicePointFilter
    from organizations.models import ServicePoint

    expected = ServicePointFilter(
        {"unit": "D-S1"}, queryset=ServicePoint.objects.filter(is_active=True, unit__is_active=True)
    ).qs
    page = client.get("/service-points/?unit=D-S1").content.decode()
    for point in expected:
        assert point.name in page
    assert client.get("/service-points/?kind=not-a-kind").status_code == 200
