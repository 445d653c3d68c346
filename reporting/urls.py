from django.urls import path

from . import dashboard_views, views

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
    path("bang-dieu-hanh/", dashboard_views.dashboard_home, name="dashboard_home"),
    path("bang-dieu-hanh/<int:pk>/", dashboard_views.dashboard, name="dashboard"),
    path("ket-qua-don-vi/", dashboard_views.unit_view_home, name="unit_view_home"),
    path("ket-qua-don-vi/<int:pk>/<int:unit_pk>/", dashboard_views.unit_view, name="unit_view"),
    path("toan-tinh/", dashboard_views.province_home, name="province_home"),
]

# Documents sent to the province (issue #8)
from . import document_views  # noqa: E402

urlpatterns += [
    path("van-ban/", document_views.documents, name="documents"),
    path("van-ban/tao/", document_views.document_request, name="document_request"),
    path("van-ban/<int:pk>/", document_views.document_detail, name="document_detail"),
    path("van-ban/<int:pk>/trang-thai/", document_views.document_status, name="document_status"),
    path("van-ban/<int:pk>/tai-ve/", document_views.document_download, name="document_download"),
    path("van-ban/<int:pk>/tao-lai/", document_views.document_retry, name="document_retry"),
]
