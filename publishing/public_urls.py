"""Public channel URLs, included by the portal at ``channels/``."""

from django.urls import path

from . import public_views

app_name = "channels"

urlpatterns = [
    path("board/<str:code>.pdf", public_views.board_pdf, name="board"),
    path("screen/<str:code>.json", public_views.screen_feed, name="screen"),
    path("subscribe/", public_views.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>/", public_views.confirm, name="confirm"),
    path("subscribe/unsubscribe/<str:token>/", public_views.unsubscribe, name="unsubscribe"),
]
