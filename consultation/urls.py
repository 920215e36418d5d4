from django.urls import path

from . import feeds, views

app_name = "consultation"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/feedback.docx", views.feedback_public, name="feedback_docx"),
    path("comments/<int:pk>/report/", views.report, name="report"),
    # RSS / Atom: open consultations per kind ("all" for every kind), feedback reports (consultation/feeds.py)
    path("feed/<slug:kind>/", feeds.OpenFeed(), name="open_feed"),
    path("atom/<slug:kind>/", feeds.OpenAtom(), name="open_atom"),
    path("feedback/feed/", feeds.FeedbackFeed(), name="feedback_feed"),
    path("feedback/atom/", feeds.FeedbackAtom(), name="feedback_atom"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("desk/", views.desk, name="desk"),
    path("desk/decisions/", views.decisions_desk, name="decisions_desk"),
    path("desk/new/", views.new, name="new"),
    path("desk/<int:pk>/", views.manage, name="manage"),
    path("desk/<int:pk>/export.xlsx", views.export, name="export"),
    path("desk/<int:pk>/feedback.docx", views.feedback_export, name="feedback_export"),
    path("desk/<int:pk>/<str:step>/", views.step, name="step"),
]
