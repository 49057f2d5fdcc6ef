"""The portal's forms: they parse and check input; the services decide."""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from fairdesk.cases.models import Category
from fairdesk.cases.services import NewAttachment

MAX_FILES = 10


class _ManyFilesInput(forms.FileInput):
    allow_multiple_selected = True


class ManyFilesField(forms.FileField):
    """Any number of files under one name; each checked against the attachment size limit."""

    widget = _ManyFilesInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(items) > MAX_FILES:
            raise forms.ValidationError(
                _("Please attach at most %(n)s files.") % {"n": MAX_FILES}, code="too_many"
            )
        files = [super(ManyFilesField, self).clean(item, initial) for item in items]
        limit = settings.FAIRDESK_MAX_ATTACHMENT_BYTES
        for upload in files:
            if upload.size > limit:
                raise forms.ValidationError(
                    _("%(name)s is larger than %(mb)s MB.")
                    % {"name": upload.name, "mb": limit // (1024 * 1024)},
                    code="too_large",
                )
        return files


def attachments_from(files: list[UploadedFile]) -> tuple[NewAttachment, ...]:
    return tuple(
        NewAttachment(
            filename=upload.name or "",
            data=upload.read(),
            content_type=upload.content_type or "application/octet-stream",
        )
        for upload in files
    )


def _limit_help() -> str:
    return _("Up to %(n)s files, each at most %(mb)s MB.") % {
        "n": MAX_FILES,
        "mb": settings.FAIRDESK_MAX_ATTACHMENT_BYTES // (1024 * 1024),
    }


class LinkRequestForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)

    def __init__(self, *args, **kwargs) -> None:
        # Two sign-in forms share a page: their fields need different ids.
        kwargs.setdefault("auto_id", "link_%s")
        super().__init__(*args, **kwargs)


class PasswordForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    password = forms.CharField(
        label=_("Password"), max_length=200, widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "password_%s")
        super().__init__(*args, **kwargs)


class NewRequestForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("I am not sure"),
    )
    subject = forms.CharField(label=_("Subject"), max_length=250)
    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    attachments = ManyFilesField(label=_("Attachments"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _limit_help()


class WebForm(NewRequestForm):
    """The public web form: who writes, then the request itself."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    field_order = ("name", "email", "category", "subject", "body", "attachments")


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = ManyFilesField(label=_("Attachments"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _limit_help()
