from django.contrib import admin
from django.urls import include, path

from gongkai.core.health import health

urlpatterns = [
    path("healthz", health, name="health"),  # load balancers and monitoring (docs/deploy.md)
    path("admin/", admin.site.urls),
    path("staff/", include("gongkai.workspace.urls")),
    path("gk/", include("gongkai.disclosures.urls")),
    path("api/v1/", include("gongkai.api.urls")),
    path("calendar/", include("gongkai.core.urls")),
    path("search/", include("gongkai.search.urls")),
    path("interpretations/", include("gongkai.interpretations.urls")),
    path("services/", include("gongkai.service_guides.urls")),
    path("lists/", include("gongkai.catalogs.urls")),
    path("execution/", include("gongkai.implementation.urls")),
    path("results/", include("gongkai.results.urls")),
    path("", include("gongkai.decisions.urls")),  # /decisions/… public, /staff/decisions/… staff
    path("", include("gongkai.publishing.urls")),
    path("interaction/", include("gongkai.letters.urls")),
    path("opinion/", include("gongkai.opinion.urls")),
    path("yisq/", include("gongkai.info_requests.urls")),
    path("nianbao/", include("gongkai.annual_reports.urls")),
    path("staff/compliance/", include("gongkai.compliance.urls")),
    path("", include("gongkai.web.urls")),
]

handler404 = "gongkai.web.views.page_not_found"
handler500 = "gongkai.web.views.server_error"
