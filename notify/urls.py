from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("da-doc/", views.inbox_read, name="inbox_read"),
    path("cach-nhan/", views.contact, name="contact"),
]
