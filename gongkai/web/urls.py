from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("prefs/", views.prefs, name="prefs"),
    path("guide/", views.guide, name="guide"),
    path("sitemap/", views.sitemap, name="sitemap"),
    path("favicon.ico", views.favicon, name="favicon"),
]
