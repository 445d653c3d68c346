from django.contrib.auth.decorators import login_required
from django.urls import path

from . import qd766, todo_views, views

app_name = "dashboards"
urlpatterns = [
    path("bang-dieu-hanh/", views.dashboard_home, name="dashboard_home"),
    path("bang-dieu-hanh/<int:pk>/", views.dashboard, name="dashboard"),
    path("bang-dieu-hanh/<int:pk>/chi-tieu/<int:indicator_pk>/", views.indicator_detail, name="indicator_detail"),
    path("ket-qua-don-vi/", views.unit_view_home, name="unit_view_home"),
    path("ket-qua-don-vi/<int:pk>/<int:unit_pk>/", views.unit_view, name="unit_view"),
    path("chi-so-766/<int:commune_pk>/", views.qd766, name="qd766"),
    path("chi-so-766/<int:commune_pk>/nguong/", login_required(qd766.thresholds_page), name="qd766_thresholds"),
    path("viec-can-lam/", todo_views.todo, name="todo"),
    path("toan-tinh/", views.province_home, name="province_home"),
]
