from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("", views.interaction, name="interaction"),
    path("letters/", views.index, name="index"),
    path("letters/new/", views.letter_new, name="new"),
    path("letters/receipt/<str:code>/", views.receipt, name="receipt"),
    path("letters/track/", views.track, name="track"),
    path("letters/t/<str:code>/", views.track_detail, name="track_detail"),
    path("letters/t/<str:code>/rate/", views.letter_rate, name="rate"),
    path("letters/t/<str:code>/followup/", views.letter_followup, name="followup"),
    path("letters/p/<int:pk>/", views.published_detail, name="published"),
    path("letters/stats/", views.stats, name="stats"),
    path("staff/letters/", views.staff_list, name="staff_list"),
    path("staff/letters/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/letters/<int:pk>/<str:action>/", views.staff_action, name="staff_action"),
    path("staff/notifications/", views.staff_notifications, name="staff_notifications"),
]
