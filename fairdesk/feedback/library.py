"""The question library: neutral texts in German and English that a new desk starts with."""

DEFAULT_SURVEY = {
    "csat_question_de": "Wie zufrieden sind Sie mit der Bearbeitung Ihres Anliegens?",
    "csat_question_en": "How satisfied are you with how your request was handled?",
    "ces_question_de": "Wie einfach war es, Ihr Anliegen erledigt zu bekommen?",
    "ces_question_en": "How easy was it to get your request handled?",
    "comment_prompt_de": "Möchten Sie uns noch etwas mitteilen? (freiwillig)",
    "comment_prompt_en": "Is there anything else you would like to tell us? (optional)",
}


def field_labels() -> dict[str, str]:
    """What each survey text is, for the editor."""
    from django.utils.translation import gettext as _

    return {
        "csat_question_de": _("Satisfaction question (German)"),
        "csat_question_en": _("Satisfaction question (English)"),
        "ces_question_de": _("Effort question (German)"),
        "ces_question_en": _("Effort question (English)"),
        "comment_prompt_de": _("Comment prompt (German)"),
        "comment_prompt_en": _("Comment prompt (English)"),
    }
