"""Mounted on /ke-hoach/ (config/urls.py), beside campaigns.urls: the campaign pages that show
indicators keep the addresses they had."""

from django.urls import path

from . import setup_views, views

app_name = "indicators"
urlpatterns = [
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/sao-chep/", views.campaign_copy, name="campaign_copy"),
    path("<int:pk>/chi-tieu/", views.campaign_targets, name="campaign_targets"),
    # set-up (issue 15): indicators/setup_views.py
    path("<int:pk>/chi-tieu/thiet-lap/", setup_views.setup_targets, name="setup_targets"),
    path("<int:pk>/chi-tieu/mau.xlsx", setup_views.setup_targets_template, name="setup_targets_template"),
    path("<int:pk>/chi-tieu/tai-len/", setup_views.setup_targets_upload, name="setup_targets_upload"),
    path("<int:pk>/so-lieu-don-vi/", setup_views.setup_elements, name="setup_elements"),
]
