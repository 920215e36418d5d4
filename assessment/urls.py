from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("rounds/<int:pk>/", views.round_results, name="round"),
    path("rounds/<int:pk>/units/<str:code>/", views.unit_detail, name="unit"),
    path("rounds/<int:pk>/score/", views.enter_score, name="enter_score"),
    path("rounds/<int:pk>/bulletin/", views.bulletin, name="bulletin"),
    path("rounds/<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("units/<str:code>/trend/", views.unit_trend, name="trend"),
]
