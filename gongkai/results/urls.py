from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("documents/", views.documents, name="documents"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("budgets/", views.budgets, name="budgets"),
    path("budgets/<int:pk>/", views.budget_detail, name="budget"),
    path("budgets/<int:pk>/tables.xlsx", views.budget_download, name="budget_download"),
    path("evaluations/", views.evaluations, name="evaluations"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/report/", views.evaluation_report, name="evaluation_report"),
    path("items/", views.results_list, name="results"),
    path("items/<int:pk>/", views.result_detail, name="result"),
    path("items/files/<int:pk>/", views.result_attachment, name="result_attachment"),
    path("staff/results/new/", views.result_new, name="staff_result_new"),
    path("staff/results/<int:pk>/", views.result_staff, name="staff_result"),
    path("staff/evaluations/new/", views.evaluation_new, name="staff_evaluation_new"),
    path("staff/budgets/", views.budget_import, name="staff_budgets"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/plans/new/", views.plan_new, name="staff_plan_new"),
    path("staff/plans/<int:pk>/", views.plan_staff, name="staff_plan"),
    path("staff/plans/<int:pk>/indicators.xlsx", views.plan_export, name="staff_plan_export"),
    path("staff/plans/<int:pk>/import/", views.plan_import, name="staff_plan_import"),
    path("staff/documents/new/", views.document_new, name="staff_document_new"),
    path("staff/expiring/", views.expiring, name="staff_expiring"),
    path("staff/<str:kind>/<int:pk>/action/", views.record_action, name="staff_action"),
]
