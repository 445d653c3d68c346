from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("xa/<int:pk>/", views.commune_detail, name="commune_detail"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
]

# The commune's set-up (issue 15): org/setup_views.py
from . import setup_views  # noqa: E402

urlpatterns += [
    path("thiet-lap/", setup_views.setup_home, name="setup_home"),
    path("thiet-lap/xa/<int:pk>/", setup_views.setup_commune, name="setup_commune"),
    path("thiet-lap/xa/<int:pk>/don-vi/them/", setup_views.setup_unit_create, name="setup_unit_create"),
    path("thiet-lap/don-vi/<int:pk>/", setup_views.setup_unit_edit, name="setup_unit_edit"),
    path("thiet-lap/xa/<int:pk>/tai-khoan/them/", setup_views.setup_account_create, name="setup_account_create"),
    path("thiet-lap/xa/<int:pk>/tai-khoan/<int:account_pk>/", setup_views.setup_account, name="setup_account"),
    path("moi/<str:token>/", setup_views.invite_accept, name="invite_accept"),
]
