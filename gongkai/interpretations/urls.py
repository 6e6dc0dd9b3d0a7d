from django.urls import path

from . import views

app_name = "interpretations"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("staff/", views.staff_board, name="staff_board"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/action/", views.staff_action, name="staff_action"),
    path("staff/policy/<int:item_pk>/plan/", views.staff_plan, name="staff_plan"),
]
