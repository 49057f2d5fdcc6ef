from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fairdesk.accounts"
    verbose_name = "Accounts"
