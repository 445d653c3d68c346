from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = "Rà soát hộ gia đình (Mẫu 02)"
