"""The response-times and contacts reports read value counts (cases per value of each measure,
per day, week and month) instead of every case of the period; existing figures rows are
counted into them here, so the reports stay right after `migrate` alone."""

import django.db.models.deletion
from django.db import migrations, models


def count_values(apps, schema_editor):
    from fairdesk.insights import valuecounts

    valuecounts.rebuild(apps.get_model("insights", "CaseFigures"), apps.get_model("insights", "ValueCount"))


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_session_generation_case_visibility'),
        ('insights', '0002_filter_columns_and_day_counts'),
    ]

    operations = [
        migrations.CreateModel(
            name='ValueCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('span', models.CharField(choices=[('d', 'day'), ('w', 'week'), ('m', 'month')], max_length=1)),
                ('day', models.DateField()),
                ('measure', models.CharField(choices=[('first_response', 'first response'), ('resolution', 'resolution'), ('contacts', 'contacts'), ('handoffs', 'handoffs')], max_length=16)),
                ('category_key', models.IntegerField(default=0)),
                ('channel', models.CharField(blank=True, choices=[('email', 'email'), ('web', 'web form'), ('portal', 'portal'), ('api', 'API'), ('phone', 'phone'), ('letter', 'letter'), ('walk_in', 'walk-in')], max_length=10)),
                ('value', models.IntegerField()),
                ('cases', models.IntegerField(default=0)),
                ('team', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.team')),
            ],
            options={
                'verbose_name': 'cases per value',
                'verbose_name_plural': 'cases per value',
                'constraints': [models.UniqueConstraint(fields=('span', 'day', 'measure', 'team', 'category_key', 'channel', 'value'), name='value_count_once')],
            },
        ),
        migrations.RunPython(count_values, migrations.RunPython.noop),
    ]
