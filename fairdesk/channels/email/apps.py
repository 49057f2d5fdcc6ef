from django.apps import AppConfig


class EmailChannelConfig(AppConfig):
    name = "fairdesk.channels.email"
    label = "mail"
    verbose_name = "Email channel"
