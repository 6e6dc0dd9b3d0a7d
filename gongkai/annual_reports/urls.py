from django.urls import path

from . import views

app_name = "annual_reports"

urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:agency_id>/<int:year>/", views.public_report, name="report"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/<str:action>/", views.staff_act, name="staff_act"),
]
