"""The desk's forms: they parse and validate input; the services decide what is allowed."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from fairdesk.accounts.models import Language, Team
from fairdesk.cases.models import Category, Channel, Priority, Status
from fairdesk.lib.errors import DomainError
from fairdesk.notifications.models import Delivery
from fairdesk.notifications.models import Kind as NotificationKind
from fairdesk.promises.models import AGENT_KINDS, Kind
from fairdesk.replies.models import Scope as ReplyScope

MAX_TEXT = 200_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more uploaded files."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class DeskForm(forms.Form):
    def add_domain_error(self, error: DomainError) -> None:
        """Show a service's refusal next to the field it names (else above the form)."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class SignInForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=1000)


class CopiesField(forms.MultipleChoiceField):
    """The case's participants to offer; whether a chosen one may be copied is the service's
    decision (it may have changed since the page was shown)."""

    def valid_value(self, value: str) -> bool:
        return True


class ReplyForm(DeskForm):
    body = forms.CharField(
        label=_("Reply to the customer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_TEXT,
    )
    attachments = MultipleFileField(label=_("Attachments"))
    # The last entry the agent saw when the page was drawn: a reply on an older view of the
    # case asks for confirmation (collision warning).
    seen_entry = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    send_anyway = forms.BooleanField(label=_("Send anyway"), required=False)
    cc = CopiesField(label=_("Also send to"), required=False, widget=forms.CheckboxSelectMultiple)

    def offer_copies(self, addresses: list[str]) -> None:
        """Offer these participants as copies; without any, the field is not shown."""
        field = self.fields["cc"]
        if addresses and isinstance(field, forms.ChoiceField):
            field.choices = [(a, a) for a in addresses]
        else:
            self.fields.pop("cc", None)


class NoteForm(DeskForm):
    body = forms.CharField(
        label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT
    )


class DiagnosticForm(DeskForm):
    check = forms.CharField(label=_("What was checked"), max_length=200)
    result = forms.CharField(label=_("Result"), max_length=500)
    body = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MAX_TEXT,
    )
    public = forms.BooleanField(label=_("Show to the customer"), required=False)


class StatusForm(DeskForm):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class PriorityForm(DeskForm):
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class SubjectForm(DeskForm):
    # Longer than a subject may be: the service says how long (squashed whitespace counts
    # once), and the browser cuts nothing the agent typed or pasted.
    subject = forms.CharField(label=_("Subject"), max_length=1000)


class CategoryForm(DeskForm):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False, empty_label=_("none")
    )


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class HandOverForm(DeskForm):
    to_agent = AgentChoiceField(
        label=_("To agent"),
        queryset=get_user_model()
        .objects.filter(agent__isnull=False, is_active=True)
        .order_by("first_name", "username"),
        required=False,
        empty_label=_("the team's queue"),
    )
    to_team = forms.ModelChoiceField(
        label=_("To team"), queryset=Team.objects.all(), required=False, empty_label=_("same team")
    )
    note = forms.CharField(
        label=_("Note for the next person"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,  # the service says why an empty note is refused
    )


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; the value is read in the desk's time zone."""

    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class PromiseForm(DeskForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(kind.value, kind.label) for kind in map(Kind, AGENT_KINDS)]
    )
    description = forms.CharField(label=_("What is promised"), required=False, max_length=500)
    window_start = forms.DateTimeField(
        label=_("From (for a time window)"), required=False, widget=LocalDateTimeInput()
    )
    due_at = forms.DateTimeField(label=_("Due by"), widget=LocalDateTimeInput())
    visible = forms.BooleanField(label=_("Show to the customer"), required=False, initial=True)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)
    outside_business_hours = forms.BooleanField(
        label=_("Meant for outside business hours"),
        required=False,
        help_text=_("Only when the customer asked for this time."),
    )


class ExpediteForm(DeskForm):
    """Move the case ahead of others: an earlier promise, with a reason everyone can read."""

    reason = forms.CharField(
        label=_("Why does this case go ahead of others?"),
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_at = forms.DateTimeField(label=_("Answer by"), widget=LocalDateTimeInput())


class ReopenForm(DeskForm):
    reason = forms.CharField(label=_("Why is it reopened?"), required=False, max_length=1000)


class MergeForm(DeskForm):
    target = forms.CharField(
        label=_("Merge this case into (reference)"),
        max_length=40,
        help_text=_("Its timeline moves there; this reference then leads to that case."),
    )


class LinkForm(DeskForm):
    other = forms.CharField(label=_("Link to the case (reference)"), max_length=40)


class TagsForm(DeskForm):
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas; leave empty to remove all."),
    )


class MacroForm(DeskForm):
    """Apply a saved reply with its changes (its id in a hidden field)."""

    macro = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SplitOffForm(DeskForm):
    """ "A new matter": the customer's message (its id in a hidden field) becomes a case."""

    entry = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class GiveAddressForm(DeskForm):
    """ "The sender is that case's customer": the linked case's reference in a hidden field."""

    other = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def add_domain_error(self, error: DomainError) -> None:
        self.add_error(None, error.message)  # its one field is hidden: said above the button


class PromiseChoiceForm(DeskForm):
    """A form about one promise on the case page (its id travels in a hidden field)."""

    promise = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class KeepPromiseForm(PromiseChoiceForm):
    pass


class WithdrawPromiseForm(PromiseChoiceForm):
    reason = forms.CharField(
        label=_("Why is it withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,  # the service says why an empty reason is refused
    )


class CreditChoiceForm(DeskForm):
    """A decision about one pending credit (its id travels in a hidden field)."""

    credit = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ConfirmCreditForm(CreditChoiceForm):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=1000)


class RejectCreditForm(CreditChoiceForm):
    note = forms.CharField(
        label=_("Why is it rejected?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,  # the service says why an empty note is refused
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


RECORDED_CHANNELS = [(c.value, c.label) for c in (Channel.PHONE, Channel.LETTER, Channel.WALK_IN)]


class NewCaseForm(DeskForm):
    """A call, letter or visit an agent records: the customer chosen above, or who to find or
    create from name, email and phone."""

    customer = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    name = forms.CharField(label=_("Customer's name"), required=False, max_length=200)
    email = forms.CharField(label=_("Email"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("from the message")), *Language.choices],
        required=False,
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=RECORDED_CHANNELS)
    subject = forms.CharField(label=_("Subject"), max_length=250)
    body = forms.CharField(
        label=_("What the customer said or wrote"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_TEXT,
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False, empty_label=_("none")
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial="normal")


class ViewFilterForm(forms.Form):
    """Narrows a view; every field optional, read from the address so a filter is a link."""

    status = forms.ChoiceField(label=_("Status"), choices=[("", _("any")), *Status.choices])
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.all(), empty_label=_("any")
    )
    owner = AgentChoiceField(
        label=_("Owner"),
        queryset=get_user_model()
        .objects.filter(agent__isnull=False, is_active=True)
        .order_by("first_name", "username"),
        empty_label=_("any"),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), empty_label=_("any")
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=[("", _("any")), *Priority.choices])
    tag = forms.CharField(label=_("Tag"), max_length=50)
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("any")), *Channel.choices])
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("any")), *Language.choices])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


BULK_ACTIONS = [
    ("take", _("Assign to me")),
    ("hand_over", _("Hand over (one note for all)")),
    ("status", _("Change status")),
    ("priority", _("Change priority")),
    ("tags", _("Add tags")),
    ("merge", _("Merge duplicates into the oldest")),
]


class BulkForm(DeskForm):
    """One action for the cases ticked in a list; the fields the action needs."""

    action = forms.ChoiceField(label=_("Action"), choices=BULK_ACTIONS)
    to_agent = HandOverForm.base_fields["to_agent"]
    to_team = HandOverForm.base_fields["to_team"]
    note = forms.CharField(
        label=_("Note for the next person"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MAX_TEXT,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *Status.choices], required=False
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=[("", "—"), *Priority.choices], required=False
    )
    tags = forms.CharField(label=_("Tags"), required=False, max_length=1000)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class SavedReplyForm(DeskForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body_de = forms.CharField(
        label=_("Text in German"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
        max_length=MAX_TEXT,
        help_text=_("Variables: {customer_name}, {reference}, {next_due}, {agent_name}"),
    )  # fmt: skip
    body_en = forms.CharField(
        label=_("Text in English"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
        max_length=MAX_TEXT,
    )  # fmt: skip
    scope = forms.ChoiceField(label=_("Seen by"), choices=ReplyScope.choices)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.all(), required=False, empty_label="—"
    )
    then_status = forms.ChoiceField(
        label=_("Then set the status"), choices=[("", "—"), *Status.choices], required=False
    )
    then_priority = forms.ChoiceField(
        label=_("Then set the priority"), choices=[("", "—"), *Priority.choices], required=False
    )
    then_tags = forms.CharField(label=_("Then add the tags"), required=False, max_length=500)
    then_take = forms.BooleanField(label=_("Then take the case"), required=False)
    then_promise = forms.ChoiceField(
        label=_("Then promise"),
        choices=[("", "—"), *[(kind.value, kind.label) for kind in map(Kind, AGENT_KINDS)]],
        required=False,
    )
    then_promise_hours = forms.IntegerField(
        label=_("Due in (hours)"), required=False, min_value=1, max_value=2000
    )
    then_hand_to = AgentChoiceField(
        label=_("Then hand over to"),
        queryset=get_user_model()
        .objects.filter(agent__isnull=False, is_active=True)
        .order_by("first_name", "username"),
        required=False,
        empty_label="—",
    )
    then_handoff_note = forms.CharField(
        label=_("Handoff note"),
        required=False,
        max_length=500,
        help_text=_("For whoever takes the case; the title when empty."),
    )

    @classmethod
    def of(cls, reply) -> dict:
        """The form's values for an existing saved reply."""
        names = [name for name in cls.base_fields if name != "team" and name != "then_hand_to"]
        return {name: getattr(reply, name) for name in names} | {
            "team": reply.team_id,
            "then_hand_to": reply.then_hand_to_id,
        }


class NotificationPreferencesForm(DeskForm):
    """How each kind of notification reaches the agent: one choice per kind."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.ChoiceField(label=label, choices=Delivery.choices)


class SavedFilterForm(forms.Form):
    """The name of the filter being saved, and the team to share it with (none: one's own)."""

    name = forms.CharField(label=_("Name"), max_length=80)
    team = forms.ModelChoiceField(
        label=_("Share with"), queryset=Team.objects.none(), required=False,
        empty_label=_("only me"),
    )  # fmt: skip

    def __init__(self, *args, agent, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = agent.agent.teams.order_by("name")  # type: ignore[attr-defined]
