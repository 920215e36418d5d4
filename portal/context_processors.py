"""Values every public page needs: the site's identity and footer (《政府网站发展指引》), the display mode."""

from django.conf import settings

from core.pagecache import display_mode


def portal(request):
    mode = display_mode(request)
    return {
        "SITE_NAME": settings.PORTAL_SITE_NAME,
        "DISTRICT_NAME": settings.PORTAL_DISTRICT_NAME,
        "SITE_CODE": settings.PORTAL_SITE_CODE,
        "ICP": settings.PORTAL_ICP,
        "PSB": settings.PORTAL_PSB,
        "CONTACT_ADDRESS": settings.PORTAL_CONTACT_ADDRESS,
        "CONTACT_PHONE": settings.PORTAL_CONTACT_PHONE,
        "CONTACT_EMAIL": settings.PORTAL_CONTACT_EMAIL,
        "DISPLAY_MODE": mode,
        "MODE_BODY_CLASS": "mode-elder" if mode == "elder" else "",
    }
