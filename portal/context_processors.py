"""Values every public page needs: the site name, the district and the visitor's display mode."""

from django.conf import settings

from core.pagecache import display_mode


def portal(request):
    mode = display_mode(request)
    return {
        "SITE_NAME": settings.PORTAL_SITE_NAME,
        "DISTRICT_NAME": settings.PORTAL_DISTRICT_NAME,
        "DISPLAY_MODE": mode,
        "MODE_BODY_CLASS": "mode-elder" if mode == "elder" else "",
    }
