from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = "Tổ chức: tỉnh, xã, đơn vị, tài khoản"

    def ready(self) -> None:
        # Imported here, once the models are ready: they connect their signal receivers.
        from . import auth, middleware  # noqa: F401 - username normalisation, session stamps at sign-in
