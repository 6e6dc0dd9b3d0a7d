from django.urls import path

from . import staff_views, views

app_name = "decisions"

urlpatterns = [
    # public
    path("decisions/", views.index, name="index"),
    path("decisions/catalogue/", views.catalogue, name="catalogue"),
    path("decisions/track/", views.track, name="track"),
    path("decisions/<int:pk>/", views.detail, name="detail"),
    path("decisions/<int:pk>/comment/", views.comment_post, name="comment"),
    path("decisions/comments/<int:pk>/report/", views.comment_report, name="report"),
    path("decisions/records/<int:pk>/", views.record_file, name="record_file"),
    path("decisions/attachments/<int:pk>/", views.attachment_file, name="attachment"),
    path("decisions/meetings/", views.meetings, name="meetings"),
    path("decisions/meetings.ics", views.meetings_ics, name="meetings_ics"),
    path("decisions/meetings/<int:pk>/", views.meeting, name="meeting"),
    path("decisions/meetings/<int:pk>/register/", views.meeting_register, name="meeting_register"),
    path("decisions/meetings/registration/", views.registration_status, name="registration_status"),
    path("decisions/surveys/<int:pk>/", views.survey, name="survey"),
    path("decisions/surveys/<int:pk>/results/", views.survey_results, name="survey_results"),
    path("decisions/surveys/<int:pk>/results.csv", views.survey_results_csv, name="survey_csv"),
    path("decisions/surveys/<int:pk>/results.xlsx", views.survey_results_xlsx, name="survey_xlsx"),
    # staff
    path("staff/decisions/", staff_views.index, name="staff_index"),
    path("staff/decisions/new/", staff_views.new, name="staff_new"),
    path("staff/decisions/<int:pk>/", staff_views.detail, name="staff_detail"),
    path("staff/decisions/<int:pk>/edit/", staff_views.edit, name="staff_edit"),
    path("staff/decisions/<int:pk>/action/", staff_views.action, name="staff_action"),
    path("staff/decisions/<int:pk>/consultation/", staff_views.open_consultation, name="staff_open"),
    path("staff/decisions/<int:pk>/records/", staff_views.record_add, name="staff_record"),
    path("staff/decisions/<int:pk>/decide/", staff_views.decide, name="staff_decide"),
    path("staff/decisions/<int:pk>/document/", staff_views.link_document, name="staff_document"),
    path("staff/decisions/<int:pk>/evaluate/", staff_views.evaluate, name="staff_evaluate"),
    path("staff/decisions/<int:pk>/report/", staff_views.report_generate, name="staff_report"),
    path("staff/decisions/<int:pk>/meetings/", staff_views.meeting_new, name="staff_meeting_new"),
    path("staff/decisions/<int:pk>/surveys/", staff_views.survey_new, name="staff_survey_new"),
    path("staff/decisions/<int:pk>/comments/", staff_views.comments, name="staff_comments"),
    path("staff/decisions/<int:pk>/comments/enter/", staff_views.comment_enter, name="staff_comment_enter"),
    path("staff/decisions/<int:pk>/comments.<str:fmt>", staff_views.comments_export, name="staff_export"),
    path("staff/decisions/comments/<int:pk>/moderate/", staff_views.comment_moderate, name="staff_moderate"),
    path("staff/decisions/attachments/<int:pk>/", staff_views.attachment, name="staff_attachment"),
    path("staff/decisions/comments/<int:pk>/classify/", staff_views.comment_classify, name="staff_classify"),
    path("staff/decisions/meetings/<int:pk>/", staff_views.meeting, name="staff_meeting"),
    path("staff/decisions/meetings/<int:pk>/registrations/", staff_views.meeting_registrations, name="staff_registrations"),
    path("staff/decisions/registrations/<int:pk>/", staff_views.registration_decide, name="staff_registration_decide"),
    path("staff/decisions/<int:pk>/period/", staff_views.period_change, name="staff_period"),
    path("staff/decisions/surveys/<int:pk>/", staff_views.survey, name="staff_survey"),
]
