"""Every model of ours has a singular and a plural name, both German in German (the admin
showed "Kundes", "Zusages" and "Case termss" when Django made plurals by adding an s)."""

import pytest
from django.apps import apps
from django.utils import translation

OURS = [model for model in apps.get_models() if model.__module__.startswith("fairdesk.")]


@pytest.mark.parametrize("model", OURS, ids=lambda model: model._meta.label)
def test_model_names_are_translated_in_both_numbers(model):
    meta = model._meta
    assert "verbose_name_plural" in meta.original_attrs, "give the plural, not Django's +s"
    with translation.override("en"):
        english = (str(meta.verbose_name), str(meta.verbose_name_plural))
    with translation.override("de"):
        german = (str(meta.verbose_name), str(meta.verbose_name_plural))
    assert german != english, f"{model._meta.label} has no German name"
    assert not german[1].endswith(("es", "ss")), german[1]


@pytest.mark.parametrize(
    ("label", "plural"),
    [
        ("accounts.Customer", "Kunden"),
        ("promises.Promise", "Zusagen"),
        ("promises.CaseTerms", "Fallbedingungen"),
        ("cases.Case", "Fälle"),
        ("promises.Policy", "Servicerichtlinien"),
    ],
)
def test_the_plurals_the_admin_got_wrong(label, plural):
    with translation.override("de"):
        assert str(apps.get_model(label)._meta.verbose_name_plural) == plural
