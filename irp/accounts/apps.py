from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "irp.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the sign-up receiver)
