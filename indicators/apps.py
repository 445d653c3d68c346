from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Chỉ tiêu, số liệu, kết quả"

    def ready(self) -> None:
        from .catalogue import install_on_migrate  # imports the models: only once the app registry is ready

        post_migrate.connect(install_on_migrate, sender=self, dispatch_uid="indicators_catalogue")
