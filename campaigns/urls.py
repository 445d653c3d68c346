from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("tao-moi/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/sua/", views.campaign_edit, name="edit"),
    path("<int:pk>/sao-chep/", views.campaign_copy, name="copy"),
    path("<int:pk>/chi-tieu/", views.campaign_targets, name="targets"),
    path("<int:pk>/nhiem-vu/", views.campaign_tasks, name="tasks"),
    path("<int:pk>/nhiem-vu/them/", views.task_create, name="task_create"),
    path("nhiem-vu/<int:pk>/", views.task_edit, name="task_edit"),
]
