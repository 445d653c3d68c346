"""Mounted on /ke-hoach/ (config/urls.py) beside the campaign set-up pages."""

from django.urls import path

from . import views

app_name = "demo"
urlpatterns = [
    path("thiet-lap/xa/<int:pk>/tu-ke-hoach-mau/", views.setup_from_plan, name="setup_from_plan"),
]
