from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "fairdesk.cases"
    verbose_name = "Cases"
