"""Mounted on /ke-hoach/ (config/urls.py), beside campaigns.urls: the campaign pages that show
indicators keep the addresses they had."""

from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/sao-chep/", views.campaign_copy, name="campaign_copy"),
    path("<int:pk>/chi-tieu/", views.campaign_targets, name="campaign_targets"),
]
