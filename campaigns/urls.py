from django.urls import path

from . import setup_views, views

app_name = "campaigns"
# The campaign page (/ke-hoach/<pk>/), its targets form (chi-tieu/) and "start from a plan"
# (sao-chep/) are in indicators/urls.py, mounted on the same /ke-hoach/ prefix.
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("tao-moi/", views.campaign_create, name="create"),
    path("<int:pk>/sua/", views.campaign_edit, name="edit"),
    path("<int:pk>/nhiem-vu/", views.campaign_tasks, name="tasks"),
    path("<int:pk>/nhiem-vu/them/", views.task_create, name="task_create"),
    path("nhiem-vu/<int:pk>/", views.task_edit, name="task_edit"),
    # set-up (issue 15): campaigns/setup_views.py
    path("thiet-lap/", setup_views.setup_campaigns, name="setup_campaigns"),
    path("thiet-lap/xa/<int:pk>/tao-moi/", setup_views.setup_campaign_create, name="setup_create"),
    path("<int:pk>/thiet-lap/", setup_views.setup_campaign_edit, name="setup_edit"),
    path("<int:pk>/quy-dinh-bao-cao/", setup_views.campaign_rules, name="setup_rules"),
    path("<int:pk>/nhiem-vu/chua-bao-cao/", views.checkins_missing, name="checkins_missing"),
    path("nhiem-vu/bao-cao/<int:pk>/", views.checkin_report, name="checkin_report"),
]
