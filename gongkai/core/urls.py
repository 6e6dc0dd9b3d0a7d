from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("deadline/", views.deadline, name="deadline"),
    path("staff/", views.staff_calendar, name="staff_calendar"),
]
