from django.urls import path

from . import views

app_name = "implementation"

urlpatterns = [
    path("", views.index, name="index"),
    path("p/<int:pk>/", views.plan_detail, name="plan"),
    path("inspections/", views.inspections, name="inspections"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("accountability/", views.accountability, name="accountability"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/plans/new/", views.plan_new, name="staff_plan_new"),
    path("staff/plans/<int:pk>/", views.plan_staff, name="staff_plan"),
    path("staff/plans/<int:pk>/update/", views.update_new, name="staff_update_new"),
    path("staff/plans/<int:pk>/edit/", views.plan_edit, name="staff_plan_edit"),
    path("staff/updates/<int:pk>/edit/", views.update_edit, name="staff_update_edit"),
    path("staff/inspections/new/", views.inspection_new, name="staff_inspection_new"),
    path("staff/inspections/<int:pk>/", views.inspection_staff, name="staff_inspection"),
    path("staff/findings/<int:pk>/action/", views.finding_action, name="staff_finding_action"),
    path("staff/cases/new/", views.case_new, name="staff_case_new"),
    path("staff/<str:kind>/<int:pk>/action/", views.record_action, name="staff_action"),
]
