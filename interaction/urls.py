from django.urls import path

from . import feeds, views

app_name = "interaction"

urlpatterns = [
    path("", views.write, name="write"),
    path("status/", views.status, name="status"),
    path("answers/", views.answers, name="answers"),
    path("answers/<int:pk>/", views.public_detail, name="public_detail"),
    # RSS / Atom of the published answers, all or per kind (interaction/feeds.py)
    path("answers/feed/", feeds.AnswersFeed(), name="answers_feed"),
    path("answers/atom/", feeds.AnswersAtom(), name="answers_atom"),
    path("answers/feed/<slug:kind>/", feeds.AnswersFeed(), name="answers_kind_feed"),
    path("answers/atom/<slug:kind>/", feeds.AnswersAtom(), name="answers_kind_atom"),
    path("stats/", views.stats, name="stats"),
    path("desk/", views.inbox, name="inbox"),
    path("desk/rules/", views.rules, name="rules"),
    path("desk/<int:pk>/", views.detail, name="detail"),
    path("desk/<int:pk>/<str:step>/", views.step, name="step"),
]
