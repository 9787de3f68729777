from django.contrib import admin
from django.urls import include, path

from gongkai.core.views import healthz
from gongkai.security.media import serve_media

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("gongkai.programmes.api_urls")),
    path("accounts/", include("gongkai.accounts.urls")),
    path("staff/units/", include("gongkai.units.urls")),
    path("staff/programmes/", include("gongkai.programmes.urls")),
    path("staff/audit/", include("gongkai.audit.urls")),
    path("staff/workdays/", include("gongkai.workdays.urls")),
    path("staff/", include("gongkai.workbench.urls")),
    path("live/", include("gongkai.live.urls")),
    path("interviews/", include("gongkai.interviews.urls")),
    path("questions/", include("gongkai.questions.urls")),
    path("visits/", include("gongkai.visits.urls")),
    path("policies/", include("gongkai.policies.urls")),
    path("consultations/", include("gongkai.consultations.urls")),
    path("assessment/", include("gongkai.assessment.urls")),
    path("staff/inspection/", include("gongkai.inspection.urls")),
    path("city/", include("gongkai.city.urls")),
    path("publishing/", include("gongkai.publishing.urls")),
    path("counties/", include("gongkai.countyadmin.urls")),
    path("django-admin/", admin.site.urls),
    # Uploads with safe headers and a permission check (docs/security.md: nginx alternative).
    path("media/<path:path>", serve_media, name="media"),
    path("", include("gongkai.portal.urls")),
]
