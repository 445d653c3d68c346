from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "Nhắc việc: báo cáo, nhiệm vụ, đợt rà soát"
