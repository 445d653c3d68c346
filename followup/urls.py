from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("<int:pk>/", views.run_detail, name="run_detail"),
]
