from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fairdesk.api"
    verbose_name = "API"
