from django.urls import path

from . import views

app_name = "emulation"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.results, name="results"),
    path("<int:pk>/don-vi/<int:unit_pk>/", views.unit_page, name="unit"),
    path("<int:pk>/ca-nhan/<int:official_pk>/", views.official_page, name="official"),
    path("<int:pk>/xac-nhan/", views.attest, name="attest"),
    path("<int:pk>/tieu-chi/", views.criteria_page, name="criteria"),
    path("<int:pk>/can-bo/", views.officials_page, name="officials"),
    path("<int:pk>/khen-thuong/", views.candidates_page, name="candidates"),
]
