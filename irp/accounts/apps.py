from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "irp.accounts"
    label = "accounts"
    verbose_name = "Accounts"
