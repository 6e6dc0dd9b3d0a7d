from django.urls import path

from . import views

app_name = "disclosures"

urlpatterns = [
    path("", views.index, name="index"),
    path("list/", views.item_list, name="list"),
    path("c/<slug:slug>/", views.item_list, name="column"),
    path("i/<int:pk>/", views.item_detail, name="item"),
    path("i/<int:pk>/v/<int:number>/", views.version_detail, name="version"),
    path("i/<int:pk>/print/", views.item_print, name="print"),
    path("a/<int:pk>/", views.attachment_download, name="attachment"),
]
