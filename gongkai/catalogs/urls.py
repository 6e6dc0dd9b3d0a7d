from django.urls import path

from . import views

app_name = "catalogs"

urlpatterns = [
    path("", views.index, name="index"),
    path("v/<int:pk>/", views.version, name="version"),
    path("v/<int:pk>/xlsx/", views.version_xlsx, name="version_xlsx"),
    path("staff/", views.staff_index, name="staff_index"),
    path("staff/template/<slug:slug>/", views.staff_template, name="staff_template"),
    path("staff/v/<int:pk>/", views.staff_version, name="staff_version"),
    path("staff/v/<int:pk>/action/", views.staff_action, name="staff_action"),
    path("<slug:slug>/<slug:agency>/", views.current, name="current"),
]
