from django.urls import path

from . import api, views

app_name = "households"
urlpatterns = [
    path("", views.home, name="home"),
    path("phien/", api.session_state, name="session_state"),
    path("dot/<int:round_pk>/tong/", views.tong, name="tong"),
    path("dot/<int:round_pk>/trang-thai/", views.round_status, name="round_status"),
    path("dot/<int:round_pk>/xuat-excel/", views.export_xlsx, name="export_xlsx"),
    path("dot/<int:round_pk>/nhap-excel/", views.import_xlsx, name="import_xlsx"),
    path("dot/<int:round_pk>/thon/<int:village_pk>/", views.return_form, name="return_form"),
    path("dot/<int:round_pk>/thon/<int:village_pk>/nop/", api.submit_api, name="submit_api"),
    path("dot/<int:round_pk>/thon/<int:village_pk>/duyet/", views.review, name="review"),
    path("dot/<int:round_pk>/thon/<int:village_pk>/so-tham-ho/", views.visits, name="visits"),
    path("dot/<int:round_pk>/thon/<int:village_pk>/so-tham-ho/nop/", views.submit_visits, name="submit_visits"),
    path("dot/<int:round_pk>/thon/<int:village_pk>/so-tham-ho/them/", api.visit_add_api, name="visit_add_api"),
    path(
        "dot/<int:round_pk>/thon/<int:village_pk>/so-tham-ho/<int:visit_pk>/xoa/",
        views.visit_delete,
        name="visit_delete",
    ),
]
