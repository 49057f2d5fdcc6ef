"""Request and response shapes of API v1."""

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from ninja import Schema
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from fairdesk.cases.models import Channel, Priority, Status
from fairdesk.promises.case_views import VIEWS
from fairdesk.promises.models import AGENT_KINDS

if TYPE_CHECKING:  # a Literal built at run time is a plain str to the type checker
    StatusName: TypeAlias = str
    PriorityName: TypeAlias = str
    ChannelName: TypeAlias = str
    ViewName: TypeAlias = str
else:
    StatusName = Literal[tuple(Status.values)]
    PriorityName = Literal[tuple(Priority.values)]
    ChannelName = Literal[tuple(Channel.values)]
    ViewName = Literal[VIEWS]

MAX_BODY = 200_000


def _within_range(moment: datetime) -> datetime:
    """A moment the database can compare: one whose UTC time exists (9999-12-31T23:59-05:00
    does not), so a query never overflows in the middle of answering (a 500)."""
    try:
        return moment.astimezone(UTC) if moment.tzinfo else moment
    except OverflowError:
        raise ValueError("This moment is out of range.") from None


# Every date and moment a request sends: within the years a calendar can reckon with.
Moment = Annotated[datetime, AfterValidator(_within_range)]
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]


class Input(Schema):
    """A request body. Unknown fields are refused (422 naming them): a misspelt field in a
    PATCH would otherwise be silently ignored and the caller told everything went fine."""

    model_config = ConfigDict(extra="forbid")


class AttachmentIn(Input):
    filename: str = Field(max_length=255)
    content_type: str = Field("application/octet-stream", max_length=255)
    content_base64: str = Field(description="The file's bytes, base64-encoded.")


class CaseIn(Input):
    customer_email: str | None = Field(
        None, max_length=254, description="Required for agents; customers omit it."
    )
    customer_name: str = Field("", max_length=200)
    subject: str = Field(min_length=1, max_length=250)
    body: str = Field(min_length=1, max_length=MAX_BODY)
    channel: ChannelName = "api"
    category: str | None = Field(
        None, max_length=500, description='Category path, e.g. "Internet > Störung".'
    )
    priority: PriorityName = "normal"
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=50)


class OwnerIn(Input):
    agent: str | None = Field(None, description="Username of the agent taking the case.")
    team: str | None = Field(None, description="Team name; without agent: the team's queue.")
    note: str = Field("", max_length=MAX_BODY, description="Required: what the next owner needs.")


class CasePatch(Input):
    subject: str | None = Field(
        None,
        min_length=1,
        max_length=250,
        description="The case's new title (agents only; the customer sees it too). Whitespace"
        " runs become one space; a subject left blank is refused.",
    )
    status: StatusName | None = None
    priority: PriorityName | None = None
    category: str | None = Field(None, max_length=500)
    owner: OwnerIn | None = None
    tags: list[Annotated[str, Field(min_length=1, max_length=50)]] | None = Field(
        None, max_length=50, description="The case's tags after the change (replaces them)."
    )
    reason: str = Field("", max_length=1000)


class CaseFilters(Schema):
    status: StatusName | None = None
    team: str | None = None
    owner: str | None = Field(None, description="An agent's username.")
    customer: str | None = Field(None, description="The customer's email (agents only).")
    updated_since: Moment | None = None
    view: ViewName | None = Field(
        None, description="One of the desk's views (agents only): the same cases it lists."
    )
    category: str | None = Field(None, max_length=500, description="A category's path.")
    priority: PriorityName | None = None
    tag: str | None = Field(None, max_length=50)
    channel: ChannelName | None = None
    language: Literal["de", "en"] | None = Field(None, description="The customer's language.")
    q: str | None = Field(None, max_length=200, description="Words to find; best match first.")
    order: Literal["updated", "queue"] = Field(
        "updated",
        description="updated: last changed first. queue: the fair queue order, what is next"
        " first (earliest owed promise, broken ones included, then age).",
    )
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(50, ge=1, le=200)


class MergeIn(Input):
    into: str = Field(min_length=1, max_length=20, description="Reference of the case to keep.")


class LinkIn(Input):
    reference: str = Field(min_length=1, max_length=20, description="Reference of the other case.")


class EntryIn(Input):
    kind: Literal["reply", "note", "diagnostic", "call", "message"]
    body: str = Field("", max_length=MAX_BODY)
    check: str = Field("", max_length=200, description="Diagnostic: what was checked.")
    result: str = Field("", max_length=500, description="Diagnostic: what it found.")
    public: bool = Field(False, description="Diagnostic: show it to the customer.")
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=50)
    cc: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Reply: participants of the case (colleagues on CC) to send a copy to.",
    )


class Output(BaseModel):
    """A response built from plain dicts: plain pydantic, without ninja's per-field getter
    (that getter reads ORM objects; on a page of 50 cases it was a fifth of the time)."""


class OwnerOut(Output):
    kind: Literal["agent", "team"]
    name: str
    team: str


class CustomerOut(Output):
    name: str
    email: str


class AttachmentOut(Schema):
    id: int
    filename: str
    size: int
    content_type: str


class EntryOut(Schema):
    id: int
    kind: str
    author: str
    public: bool
    body: str
    html: str
    data: dict
    created_at: datetime
    attachments: list[AttachmentOut]


class PromiseOut(Schema):
    """Read from a Promise: `description` is what was promised, in the caller's language."""

    id: int
    kind: str
    description: str
    due_at: datetime | None
    window_start: datetime | None = None
    window_end: datetime | None = None
    state: str
    visible: bool
    made_by: str
    reason: str = ""
    paused: bool = Field(False, description="The clock waits while we wait on the customer.")
    settled_at: datetime | None = None

    @staticmethod
    def resolve_description(promise) -> str:
        return promise.label

    @staticmethod
    def resolve_made_by(promise) -> str:
        return promise.made_by_label


class CaseSummary(Output):
    reference: str
    subject: str
    status: str
    priority: str
    owner: OwnerOut
    customer: CustomerOut
    category: str | None
    tags: list[str]
    channel: str
    created_at: datetime
    updated_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None


class NextDueOut(Schema):
    kind: str
    description: str
    due_at: datetime
    state: str = Field(description="pending, or broken (still owed: overdue).")
    overdue: bool


class CaseOut(CaseSummary):
    promises: list[PromiseOut]
    next_due: NextDueOut | None = Field(
        None, description="The owed promise due first, broken and overdue ones included."
    )


class CaseCreated(CaseOut):
    joined: bool = Field(description="True when the message joined an existing open case.")
    notices: list[str]


class CaseDetail(CaseOut):
    related: list[str] = Field(description="References of linked cases.")
    timeline: list[EntryOut]


class CaseLinks(Schema):
    reference: str
    related: list[str]


class SearchTotal(Output):
    count: int = Field(description="Cases matching the search: exact, or the lower bound.")
    exact: bool = Field(
        description="False: more than `count` cases match (counting stops there); the newest "
        "1,000 matches are ranked and paged."
    )


class CasePage(Output):
    items: list[CaseSummary]
    page: int
    next_page: int | None
    total: SearchTotal | None = Field(None, description="With `q`: how many cases match.")


class PromiseIn(Schema):
    kind: Literal[tuple(k.value for k in AGENT_KINDS)]  # type: ignore[valid-type]
    due_at: Moment = Field(description="When it is kept at the latest (a window's end).")
    window_start: Moment | None = Field(None, description="Appointments: the window's start.")
    description: str = Field("", max_length=500, description="Required for custom promises.")
    reason: str = Field("", max_length=1000)
    visible: bool = True
    outside_business_hours: bool = Field(
        False, description="Confirm a time the case's business calendar has closed."
    )


class PromisePatch(Schema):
    state: Literal["kept", "withdrawn"]
    reason: str = Field(
        "", max_length=1000, description="Required to withdraw: the customer reads it."
    )


class CreditLine(Schema):
    day: int
    date: str
    amount_cents: int
    rule: str


class CreditOut(Schema):
    id: int
    promise: int | None  # None for goodwill (see goodwill_reason)
    goodwill_reason: str
    state: str
    amount_cents: int
    lines: list[CreditLine]
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_promise(credit) -> int | None:
        return credit.promise_id


class CreditPatch(Schema):
    state: Literal["confirmed", "rejected"]
    note: str = Field("", max_length=1000, description="Required to reject.")
