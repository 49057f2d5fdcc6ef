from django.apps import AppConfig


class PromisesConfig(AppConfig):
    name = "fairdesk.promises"
    verbose_name = "Promises"
