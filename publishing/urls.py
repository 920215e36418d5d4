from django.urls import path

from . import desk, views

app_name = "publishing"

urlpatterns = [
    path("", desk.desk, name="desk"),
    path("", desk.desk, name="workspace"),  # the former name of the desk
    path("start/", desk.landing, name="landing"),
    path("publish/", desk.compose, name="compose"),
    path("publication/<int:pk>/", desk.edit, name="edit"),
    path("review/", desk.review, name="review"),
    path("review/<int:pk>/<str:step>/", desk.review_step, name="review_step"),
    path("notices/", desk.notices, name="notices"),
    path("notices/<int:pk>/", desk.open_notice, name="open_notice"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("responsibility/", desk.responsibility_page, name="responsibility"),
]
