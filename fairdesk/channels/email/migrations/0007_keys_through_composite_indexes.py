from django.db import migrations, models

from fairdesk.lib.migrations import index_dropped


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0006_inbound_received"),
    ]

    operations = [
        index_dropped(
            "outboundmessage",
            "to_address",
            models.CharField(max_length=320),
            table="mail_outboundmessage",
            column="to_address",
            indexes=[
                "mail_outboundmessage_to_address_9e2fd413",
                "mail_outboundmessage_to_address_9e2fd413_like",
            ],
        ),
    ]
