"""The API at /api/ as config/urls.py includes it, and the admin: the API tests do not depend on the pages —
except the links that services write into officers' notices (a new FOI request's handling page), so the
namespaces those reverse are included as config/urls.py includes them."""

from django.contrib import admin
from django.urls import include, path

from publishing.attachment_views import serve_attachment

urlpatterns = [
    path("attachments/<int:pk>/", serve_attachment, name="attachment"),  # the API links files through it
    path("api/", include("config.api_urls")),
    path("admin/", admin.site.urls),
    path("workspace/", include("publishing.urls")),
    path("foi/", include("foi.urls")),
    path("interaction/", include("interaction.urls")),
    path("opinion/", include("opinion.urls")),
]
