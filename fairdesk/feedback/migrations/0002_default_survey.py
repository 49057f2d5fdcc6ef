"""The question library's neutral first survey, so sampling works after `migrate` alone."""

from django.db import migrations
from django.utils import timezone

QUESTIONS = {
    "csat_question_de": "Wie zufrieden sind Sie mit der Bearbeitung Ihres Anliegens?",
    "csat_question_en": "How satisfied are you with how your request was handled?",
    "ces_question_de": "Wie einfach war es, Ihr Anliegen erledigt zu bekommen?",
    "ces_question_en": "How easy was it to get your request handled?",
    "comment_prompt_de": "Möchten Sie uns noch etwas mitteilen? (freiwillig)",
    "comment_prompt_en": "Is there anything else you would like to tell us? (optional)",
}


def add_survey(apps, schema_editor):
    Survey = apps.get_model("feedback", "Survey")
    if not Survey.objects.filter(active=True).exists():
        Survey.objects.create(**QUESTIONS, active=True, created_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]
    operations = [migrations.RunPython(add_survey, migrations.RunPython.noop)]
