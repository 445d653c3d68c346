from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Văn bản gửi tỉnh"

    def ready(self) -> None:
        # Importing the five documents registers them (each class is decorated with
        # ``register``). Here, not at the top: the exporters read other apps' models, which
        # exist only once every app is loaded.
        from .exporters import khen_thuong, mau_02, push_final, quarterly, task_list, weekly  # noqa: F401
