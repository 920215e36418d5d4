"""The project's URLconf: the public site, the admin, the officers' workspace, the API and each app's pages."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core.health import healthz
from organizations.logins import login_alerts
from publishing.attachment_views import serve_attachment
from publishing.desk import sign_in

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # attachments through a permission check (drafts only to those allowed to see them), never /media/
    path("attachments/<int:pk>/", serve_attachment, name="attachment"),
    # sign-in lands each role on its work (publishing.desk.landing_url); the stock admin stays one click away
    path("admin/login/", sign_in, name="sign_in"),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    # accounts under sign-in attack, for the district office (organizations/logins.py)
    path("workspace/logins/", login_alerts, name="login_alerts"),
    path("workspace/", include("publishing.urls")),
    path("channels/", include("publishing.public_urls")),
    path("participation/", include("participation.urls")),
    # the 政务舆情回应 ledger, for officers only (opinion/)
    path("opinion/", include("opinion.urls")),
    # 互动交流: the public form, status, answers and statistics, and the officers' desk (interaction/)
    path("interaction/", include("interaction.urls")),
    # 征求意见: public consultations on drafts, their comments and feedback reports (consultation/)
    path("consultation/", include("consultation.urls")),
    # 试点专题 and the pilot ledger (试点台账): plan, tasks, evidence, problems, reports, 验收包 (pilot/)
    path("pilot/", include("pilot.urls")),
    path("assessment/", include("assessment.urls")),
    path("foi/", include("foi.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("portal.urls")),
]

if settings.BENCH_ENDPOINTS:  # bench/web.py's baselines; off by default, never in production
    urlpatterns.insert(0, path("bench/", include("bench.urls")))
