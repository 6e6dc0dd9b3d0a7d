from django.urls import path

from . import views

app_name = "opinion"

urlpatterns = [
    path("", views.index, name="index"),
    path("i/<int:pk>/", views.incident, name="incident"),
    path("conferences/", views.conferences, name="conferences"),
    path("conferences/<int:pk>/", views.conference, name="conference"),
    path("conferences/<int:pk>/photos/<int:photo_pk>/", views.conference_photo, name="conference_photo"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:pk>/", views.staff_incident, name="staff_incident"),
    path("staff/<int:pk>/do/<str:action>/", views.staff_action, name="staff_action"),
    path("staff/<int:pk>/statements/<int:statement_pk>/publish/", views.statement_publish, name="statement_publish"),
    path("staff/conferences/", views.staff_conferences, name="staff_conferences"),
    path("staff/conferences/<int:pk>/", views.staff_conference, name="staff_conference"),
    path("staff/reports/", views.staff_reports, name="staff_reports"),
    path("staff/reports/<int:pk>/", views.staff_report, name="staff_report"),
    path("staff/reports/<int:pk>/docx/", views.staff_report_docx, name="staff_report_docx"),
]
