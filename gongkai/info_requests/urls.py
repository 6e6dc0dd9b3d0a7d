from django.urls import path

from . import views

app_name = "info_requests"

urlpatterns = [
    path("", views.apply, name="apply"),
    path("query/", views.query, name="query"),
    path("r/<str:code>/", views.status, name="status"),
    path("r/<str:code>/letter/", views.status_letter, name="status_letter"),
    path("r/<str:code>/f/<int:pk>/", views.status_file, name="status_file"),
    path("r/<str:code>/notice/<str:kind>/", views.status_notice, name="status_notice"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/act/<str:action>/", views.staff_act, name="staff_act"),
    path("staff/<int:pk>/letter/", views.staff_letter, name="staff_letter"),
    path("staff/<int:pk>/notice/<str:kind>/", views.staff_notice, name="staff_notice"),
]
