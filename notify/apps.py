from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "notify"
    verbose_name = "Thông báo: hộp thư, thư điện tử, Zalo, SMS"
