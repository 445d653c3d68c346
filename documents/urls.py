from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("van-ban/", views.documents, name="documents"),
    path("van-ban/tao/", views.document_request, name="document_request"),
    path("van-ban/<int:pk>/", views.document_detail, name="document_detail"),
    path("van-ban/<int:pk>/trang-thai/", views.document_status, name="document_status"),
    path("van-ban/<int:pk>/tai-ve/", views.document_download, name="document_download"),
    path("van-ban/<int:pk>/tao-lai/", views.document_retry, name="document_retry"),
]
