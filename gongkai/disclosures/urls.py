from django.urls import path

app_name = "disclosures"

urlpatterns: list = []
