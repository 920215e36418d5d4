from django.urls import path

from . import views

app_name = "opinion"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("add/", views.add, name="add"),
    path("report/", views.month_report, name="report"),
    path("report.xlsx", views.month_report_xlsx, name="report_xlsx"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("<int:pk>/", views.entry, name="entry"),
    path("<int:pk>/<str:step>/", views.step, name="step"),
]
