from django.urls import path, re_path

from . import handling, views

app_name = "foi"

urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.submitted, name="submitted"),
    path("helper/", views.helper, name="helper"),
    path("status/", views.status, name="status"),
    path("status/resend/", views.resend, name="resend"),
    path("status/<str:code>/", views.status_detail, name="status_detail"),
    re_path(r"^status/(?P<code>[A-Z0-9]{4,20})/correction/$", views.correction, name="correction"),
    re_path(
        r"^status/(?P<code>[A-Z0-9]{4,20})/files/(?P<pk>\d{1,12})/$",
        views.released_file,
        name="released_file",
    ),
    re_path(r"^status/(?P<code>[A-Z0-9]{4,20})/letter\.(?P<fmt>pdf|docx)$", views.letter, name="letter"),
    path("replies/<int:pk>/", views.released_reply, name="reply"),
    path("annual/", views.annual_reports, name="annual_reports"),
    path("annual/<int:year>/<str:scope>/", views.annual_report, name="annual_report"),
    re_path(
        r"^annual/(?P<year>\d{4})/(?P<scope>[A-Za-z0-9-]+)\.(?P<fmt>xlsx|pdf|docx|json)$",
        views.annual_report_file,
        name="annual_report_file",
    ),
    path("workspace/", views.workspace, name="workspace"),
    path("workspace/attachments/<int:pk>/", views.attachment, name="attachment"),
    path("workspace/<int:pk>/", handling.handling, name="handling"),
    path("workspace/<int:pk>/<str:step>/", handling.handling_step, name="handling_step"),
]
