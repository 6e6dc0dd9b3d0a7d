"""The public JSON API, version 1: each app contributes a router."""

from django.urls import path
from ninja import NinjaAPI

api = NinjaAPI(title="Gongkai 政务公开 API", version="1", urls_namespace="api-v1")

urlpatterns = [path("", api.urls)]
