from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("desk/", views.desk, name="desk"),
    path("rounds/<int:pk>/", views.round_results, name="round"),
    path("rounds/<int:pk>/units/<str:code>/", views.unit_detail, name="unit"),
    path("rounds/<int:pk>/score/", views.enter_score, name="enter_score"),
    path("rounds/<int:pk>/bulletin/", views.bulletin, name="bulletin"),
    path("rounds/<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("rounds/<int:pk>/ballots/", views.enter_tally, name="enter_tally"),
    path("annual/<int:year>/", views.annual_report, name="annual"),
    path("annual/<int:year>/export.<str:fmt>", views.annual_export, name="annual_export"),
    path("units/<str:code>/trend/", views.unit_trend, name="trend"),
]
