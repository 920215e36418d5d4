from django.urls import path

from . import views

app_name = "interaction"

urlpatterns = [
    path("", views.write, name="write"),
    path("status/", views.status, name="status"),
    path("answers/", views.answers, name="answers"),
    path("answers/<int:pk>/", views.public_detail, name="public_detail"),
    path("stats/", views.stats, name="stats"),
    path("desk/", views.inbox, name="inbox"),
    path("desk/rules/", views.rules, name="rules"),
    path("desk/<int:pk>/", views.detail, name="detail"),
    path("desk/<int:pk>/<str:step>/", views.step, name="step"),
]
