from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/", include("gongkai.workspace.urls")),
    path("gk/", include("gongkai.disclosures.urls")),
    path("api/v1/", include("gongkai.api.urls")),
    path("calendar/", include("gongkai.core.urls")),
    path("", include("gongkai.web.urls")),
]

handler404 = "gongkai.web.views.page_not_found"
handler500 = "gongkai.web.views.server_error"
