from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("cua-toi/", views.my_reports, name="my_reports"),
    path("don-vi/<int:unit_pk>/ky/<int:period_pk>/", views.report_open, name="report_open"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/sua/", views.report_edit, name="report_edit"),
    path("<int:pk>/duyet/", views.report_review, name="report_review"),
    path("<int:pk>/lich-su/", views.report_history, name="report_history"),
    path("<int:pk>/excel/", views.form_xlsx_download, name="form_xlsx_download"),
    path("<int:pk>/excel/tai-len/", views.form_xlsx_upload, name="form_xlsx_upload"),
    path("nhap-tep/", views.bulk_upload, name="bulk_upload"),
    path("duyet/", views.review_home, name="review_home"),
    path("duyet/ke-hoach/<int:pk>/", views.review_grid, name="review_grid"),
]
