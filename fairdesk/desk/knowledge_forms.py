"""The knowledge base's desk forms. Their fields are the models' own (labels in the
knowledge app's catalogue); the services decide what is allowed."""

from django import forms

from fairdesk.desk.forms import DeskForm
from fairdesk.knowledge.models import ArticleFile, Category, Version
from fairdesk.knowledge.services import MAX_BODY

_ROWS = {"rows": 12}


def _field(model, name: str, **kwargs) -> forms.Field:
    return model._meta.get_field(name).formfield(**kwargs)


class ArticleForm(DeskForm):
    title_de = _field(Version, "title_de")
    body_de = _field(Version, "body_de", widget=forms.Textarea(attrs=_ROWS), max_length=MAX_BODY)
    title_en = _field(Version, "title_en")
    body_en = _field(Version, "body_en", widget=forms.Textarea(attrs=_ROWS), max_length=MAX_BODY)
    visibility = _field(Version, "visibility")
    category = forms.ModelChoiceField(
        label=Version._meta.get_field("category").verbose_name,
        queryset=Category.objects.all(),
        required=False,
        empty_label="—",
    )

    @classmethod
    def for_version(cls, version: Version | None, data=None) -> "ArticleForm":
        """The form filled with `version`'s text (a draft goes on from the last text)."""
        if version is None:
            return cls(data)
        initial = {name: getattr(version, name) for name in cls.base_fields if name != "category"}
        return cls(data, initial={**initial, "category": version.category_id})


class FileForm(DeskForm):
    file = forms.FileField(label=ArticleFile._meta.verbose_name)


class CategoryForm(DeskForm):
    name_de = _field(Category, "name_de")
    name_en = _field(Category, "name_en")
