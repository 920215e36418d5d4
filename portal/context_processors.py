"""Values every public page needs: the site name, the district and the visitor's display mode."""
from django.conf import settings


def portal(request):
    return {
        "SITE_NAME": settings.PORTAL_SITE_NAME,
        "DISTRICT_NAME": settings.PORTAL_DISTRICT_NAME,
    }
