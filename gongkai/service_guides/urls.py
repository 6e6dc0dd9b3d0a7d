from django.urls import path

from . import views

app_name = "service_guides"

urlpatterns = [
    path("", views.index, name="index"),
    path("g/<str:code>/", views.guide, name="guide"),
    path("g/<str:code>/docx/", views.guide_download, name="guide_docx"),
    path("m/<int:pk>/<str:slot>/", views.material_file, name="material_file"),
    path("staff/", views.staff_index, name="staff_index"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:pk>/", views.staff_version, name="staff_version"),
    path("staff/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/action/", views.staff_action, name="staff_action"),
    path("staff/<int:pk>/revise/", views.staff_revise, name="staff_revise"),
    path("staff/m/<int:pk>/", views.staff_material_file, name="staff_material_file"),
    path("staff/m/<int:pk>/<str:slot>/", views.staff_material_download, name="staff_material_download"),
]
