"""What the pages show of processes: steps with their dates and states, and documents."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from fairdesk.accounts.models import Customer
from fairdesk.cases.models import Case
from fairdesk.lib import joined, sql
from fairdesk.processes.definitions import definition
from fairdesk.processes.models import Declaration, Order, Process, Return, Step
from fairdesk.processes.services.engine import today
from fairdesk.promises.models import Contract


@dataclass(frozen=True)
class StepView:
    step: Step
    label: str
    actor: str
    due_on: date | None
    state: str  # done, next, late, planned, skipped


@dataclass(frozen=True)
class ProcessView:
    process: Process
    label: str
    steps: list[StepView]


def _state(step: Step, is_next: bool, now: date) -> str:
    if step.state != "open":
        return step.state
    if step.due_on is not None and step.due_on < now:
        return "late"
    return "next" if is_next else "planned"


def process_view(process: Process, now: date | None = None) -> ProcessView:
    spec = definition(process.definition)
    now = now or today()
    views, seen_next = [], False
    for step in process.steps.all():
        state = _state(step, not seen_next, now)
        seen_next = seen_next or step.state == "open"
        spec_step = spec.step(step.key)
        views.append(StepView(step, str(spec_step.label), spec_step.actor, step.due_on, state))
    return ProcessView(process, str(spec.label), views)


def processes_for_case(case: Case) -> list[ProcessView]:
    """The case's processes with their steps. Every case page (desk and portal) asks, and
    most cases have none: the processes are one fixed statement (the ORM took a millisecond
    to build it and its prefetch), their steps read only when there are any."""
    rows = sql.load(Process, joined.fields(Process), PROCESSES_OF_CASE, (case.pk,))
    if rows:
        steps = Prefetch("steps", queryset=Step.objects.order_by("position"))
        prefetch_related_objects(rows, steps)
    return [process_view(p) for p in rows]


PROCESSES_OF_CASE = (
    f"SELECT {joined.columns(Process, 'p')} FROM processes_process p"  # noqa: S608
    " WHERE p.case_id = %s ORDER BY p.started_at, p.id"
)


def open_processes_for(customer: Customer) -> QuerySet[Process]:
    return (
        Process.objects.filter(case__customer=customer, state="open")
        .select_related("case")
        .prefetch_related(Prefetch("steps", queryset=Step.objects.order_by("position")))
    )


def documents_for_case(case: Case) -> dict:
    return {
        "declarations": list(Declaration.objects.filter(case=case)),
        "returns": list(Return.objects.filter(case=case)),
    }


def contracts_of(customer: Customer) -> QuerySet[Contract]:
    return Contract.objects.filter(customer=customer).prefetch_related("devices")


def orders_of(customer: Customer) -> QuerySet[Order]:
    return Order.objects.filter(customer=customer).prefetch_related("items")


def declaration_by_token(token: str) -> Declaration | None:
    return Declaration.objects.select_related("case", "first").filter(token=token).first()


def received_today(limit: int = 50) -> list[Return]:
    return list(
        Return.objects.filter(received_at__date__gte=today())
        .select_related("case")
        .order_by("-received_at")[:limit]
    )


def expedites(*, since, until) -> QuerySet:
    """Steps agents put ahead of the queue, with who, why and when: for the queue's
    fairness report (each is audited as process.expedited too)."""
    return (
        Step.objects.filter(expedited_at__gte=since, expedited_at__lt=until)
        .select_related("process__case")
        .order_by("expedited_at")
    )
