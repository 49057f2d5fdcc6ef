from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "fairdesk.worker"
    verbose_name = "Worker"
