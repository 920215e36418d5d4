from django.urls import path

from . import views

app_name = "pilot"

urlpatterns = [
    path("", views.index, name="index"),
    path("desk/", views.desk, name="desk"),
    path("desk/tasks/<int:pk>/", views.task, name="task"),
    path("desk/problems/<int:pk>/", views.problem, name="problem"),
    path("desk/<slug:code>/report/", views.report, name="report"),
    path("desk/<slug:code>/package.zip", views.package_zip, name="package"),
    path("<slug:code>/", views.index, name="plan"),
]
