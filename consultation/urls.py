from django.urls import path

from . import views

app_name = "consultation"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("comments/<int:pk>/report/", views.report, name="report"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("desk/", views.desk, name="desk"),
    path("desk/decisions/", views.decisions_desk, name="decisions_desk"),
    path("desk/new/", views.new, name="new"),
    path("desk/<int:pk>/", views.manage, name="manage"),
    path("desk/<int:pk>/export.xlsx", views.export, name="export"),
    path("desk/<int:pk>/<str:step>/", views.step, name="step"),
]
