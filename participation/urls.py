from django.urls import path

from . import views

app_name = "participation"
urlpatterns = [
    path("rate/", views.rate, name="rate"),
    path("correction/", views.correction, name="correction"),
    path("correction/status/", views.correction_status, name="correction_status"),
    path("supervise/", views.supervise, name="supervise"),
    path("reports/", views.my_reports, name="reports"),
    path("reports/new/", views.new_report, name="new_report"),
]
