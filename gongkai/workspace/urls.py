from django.urls import path

from . import otp_views, views

app_name = "workspace"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("otp/verify/", otp_views.verify, name="otp_verify"),
    path("otp/setup/", otp_views.setup, name="otp_setup"),
    path("", views.home, name="home"),
    path("new/", views.item_new, name="item_new"),
    path("v/<int:pk>/", views.version_detail, name="version"),
    path("v/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("v/<int:pk>/action/", views.version_action, name="version_action"),
    path("v/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("a/<int:pk>/", views.attachment_download, name="attachment"),
    path("a/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("h/<int:pk>/override/", views.hit_override, name="hit_override"),
    path("i/<int:pk>/withdraw/", views.item_withdraw, name="item_withdraw"),
    path("i/<int:pk>/revise/", views.item_revise, name="item_revise"),
]
