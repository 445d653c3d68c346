from django.urls import path

from . import draft_views, views

app_name = "documents"
urlpatterns = [
    path("van-ban/", views.documents, name="documents"),
    path("van-ban/tao/", views.document_request, name="document_request"),
    path("van-ban/<int:pk>/", views.document_detail, name="document_detail"),
    path("van-ban/<int:pk>/trang-thai/", views.document_status, name="document_status"),
    path("van-ban/<int:pk>/tai-ve/", views.document_download, name="document_download"),
    path("van-ban/<int:pk>/tao-lai/", views.document_retry, name="document_retry"),
    path("van-ban/du-thao/<int:pk>/", draft_views.draft_detail, name="draft_detail"),
    path("van-ban/du-thao/<int:pk>/xem-truoc/", draft_views.draft_preview_pdf, name="draft_preview"),
    path("van-ban/du-thao/<int:pk>/ban-hanh/", draft_views.draft_issue_view, name="draft_issue"),
    path("van-ban/du-thao/<int:pk>/da-gui/", draft_views.draft_sent_view, name="draft_sent"),
    path("van-ban/du-thao/<int:pk>/ban-quet/", draft_views.draft_scan, name="draft_scan"),
    path("van-ban/du-thao/<int:pk>/trang-thai/", draft_views.draft_status, name="draft_status"),
]
