from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = "Kế hoạch, kỳ báo cáo, nhiệm vụ"
