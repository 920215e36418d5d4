from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("monitoring/", views.monitoring, name="monitoring"),
]
