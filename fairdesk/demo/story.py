"""One demo case told through the real services, step by step, with the clock moved along.

A story opens a case, lets an agent take it, check things, answer, hand it over and resolve
it. Each step happens some minutes or hours after the one before; a story that would run
into the present stops there, so recent cases are still open, as on a real desk.
"""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from fairdesk.accounts.models import Customer
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Channel, Priority, Status
from fairdesk.demo.cast import Cast
from fairdesk.demo.content import Scenario, Texts
from fairdesk.demo.content.common import (
    ANSWERS_TO_QUESTIONS,
    CALL_NOTES,
    CITIES,
    NOTES,
    QUESTIONS,
    SIGNATURES,
    THANKS,
)
from fairdesk.lib import clock
from fairdesk.lib.transactions import service
from fairdesk.promises import services as promises
from fairdesk.promises.models import Kind, Promise

BERLIN = ZoneInfo("Europe/Berlin")
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class Story:
    """The life of one case; `tell()` runs it and returns the case."""

    def __init__(
        self,
        *,
        rng: random.Random,
        cast: Cast,
        scenario: Scenario,
        customer: Customer,
        start: datetime,
        end: datetime,
    ) -> None:
        self.rng = rng
        self.cast = cast
        self.scenario = scenario
        self.customer = customer
        self.language = customer.language
        self.texts: Texts = scenario.texts(customer.language)
        self.at = start
        self.end = end
        self.agent: User | None = None
        self.case: Case | None = None
        self.promised: list[Promise] = []
        # Some teams work straight from their shared queue: nobody takes those cases.
        self.from_queue = rng.random() < 0.3
        self.facts = self._facts(start)

    # One service scope for the whole story: its steps share one transaction and the case is
    # indexed once at the end, not after every step. Safe because no step catches an error.
    @service
    def tell(self) -> Case:
        self._open()
        for step in (
            self._first_look,
            self._diagnose,
            self._answer,
            self._follow_up,
            self._hand_over,
            self._resolve,
            self._close,
        ):
            if not step():
                break
        assert self.case is not None  # _open made it
        return self.case

    # -- the clock ---------------------------------------------------------------------------

    def _later(self, low_minutes: int, high_minutes: int, *, office: bool = True) -> bool:
        """Move on; False when that would pass the present (the story stops there)."""
        at = self.at + timedelta(minutes=self.rng.randint(low_minutes, high_minutes))
        if office:
            at = _office_hours(at, self.rng)
        if at >= self.end:
            return False
        self.at = at
        return True

    def _do(self, service, **kwargs):
        with clock.frozen_at(self.at):
            return service(**kwargs)

    # -- texts -------------------------------------------------------------------------------

    def _facts(self, start: datetime) -> dict[str, str]:
        rng = self.rng
        first, _, _last = self.customer.name.partition(" ")
        day = (start + timedelta(days=rng.randint(3, 20))).astimezone(BERLIN)
        if self.language == "de":
            day_text = f"{day:%d.%m.%Y}"
        else:
            day_text = f"{day.day} {MONTHS_EN[day.month - 1]}"
        letters = "".join(rng.choice("ABCDEFGHKLMNPRSTUVWXZ") for _ in range(2))
        comma = "," if self.language == "de" else "."
        return {
            "first": first,
            "name": self.customer.name,
            "contract": f"{rng.randint(10**7, 10**8 - 1)}",
            "order": f"B-{rng.randint(100000, 999999)}",
            "plate": f"{rng.choice(('B', 'HH', 'M', 'K', 'L', 'DD'))}-{letters} "
            f"{rng.randint(10, 9999)}",
            "city": rng.choice(CITIES),
            "day": day_text,
            "amount": f"{rng.randint(19, 480)}{comma}{rng.choice(('00', '50', '90', '99'))}",
        }

    def _text(self, choices: tuple[str, ...]) -> str:
        return self.rng.choice(choices).format_map(self.facts)

    def _signed(self, text: str) -> str:
        name = self.agent.get_full_name() or self.agent.get_username()
        return text + SIGNATURES[self.language].format(agent=name)

    # -- the steps ---------------------------------------------------------------------------

    def _channel(self) -> str:
        weights = {Channel.EMAIL: 45, Channel.WEB: 20, Channel.PORTAL: 15, Channel.PHONE: 20}
        if self.scenario.phone_likely:
            weights[Channel.PHONE] = 60
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _open(self) -> None:
        channel = self._channel()
        category = self.cast.categories[self.scenario.category]
        team = category.team
        assert team is not None  # every demo category is routed to a team
        on_phone = self.rng.choice(self.cast.agents_of(team)) if channel == Channel.PHONE else None
        priority = Priority.NORMAL
        if self.rng.random() < 0.1:
            priority = self.rng.choice((Priority.LOW, Priority.HIGH))
        intake = self._do(
            cases.open_new_case,
            customer=self.customer,
            subject=self._text(self.texts.subjects),
            body=self._text(self.texts.openings),
            channel=channel,
            category=category,
            priority=priority,
            agent=on_phone,
        )
        self.case = intake.case
        self.agent = on_phone

    def _first_look(self) -> bool:
        if not self._later(5, 600):
            return False
        if self.agent is None:
            self.agent = self.rng.choice(self.cast.agents_of(self.case.team))
        self._take()
        if self.rng.random() < 0.05:
            self._merge_duplicate()
        urgent = self.rng.random() < 0.3
        if urgent and self.cast.categories[self.scenario.category].is_fault:
            reason = "Kunde ist dringend auf den Dienst angewiesen"
            self._do(
                cases.change_priority,
                case=self.case,
                agent=self.agent,
                priority=Priority.HIGH,
                reason=reason,
            )
        return True

    def _take(self) -> None:
        # With automatic assignment (queues) the case may have its owner already.
        self.case.refresh_from_db(fields=["assignee"])
        if not self.from_queue and self.case.assignee_id is None:
            self._do(cases.take, case=self.case, agent=self.agent)

    def _merge_duplicate(self) -> None:
        """The customer wrote the same thing again on another channel: merge the copy in."""
        duplicate = self._do(
            cases.open_new_case,
            customer=self.customer,
            subject=self._text(self.texts.subjects),
            body=self._text(self.texts.openings),
            channel=Channel.WEB,
            category=self.case.category,
        ).case
        self._do(cases.merge_cases, source=duplicate, target=self.case, agent=self.agent)

    def _diagnose(self) -> bool:
        checks = list(self.texts.diagnostics)
        self.rng.shuffle(checks)
        for check, result in checks[: self.rng.randint(1, 3)]:
            if not self._later(3, 45):
                return False
            self._do(
                cases.record_diagnostic,
                case=self.case,
                agent=self.agent,
                check=check.format_map(self.facts),
                result=result.format_map(self.facts),
            )
        return True

    def _answer(self) -> bool:
        if not self._later(5, 240):
            return False
        if self.rng.random() < 0.2:
            return self._ask_customer()
        self._do(
            cases.reply,
            case=self.case,
            agent=self.agent,
            body=self._signed(self._text(self.texts.answers)),
        )
        if self.scenario.phone_likely or self.rng.random() < 0.15:
            self._promise_callback()
        return True

    def _promise_callback(self) -> None:
        due = _office_hours(self.at + timedelta(hours=self.rng.randint(2, 26)), self.rng)
        description = "Rückruf" if self.language == "de" else "Call back"
        self.promised.append(
            self._do(
                promises.make_promise,
                case=self.case,
                agent=self.agent,
                kind=Kind.CALLBACK,
                due_at=due,
                description=description,
                # Office hours, but not holidays: the demo's agents call back anyway.
                outside_business_hours=True,
            )
        )

    def _promise_appointment(self) -> None:
        """A technician's visit in a four-hour window a few working days ahead."""
        day = _office_hours(self.at + timedelta(days=self.rng.randint(1, 4)), self.rng)
        start = day.astimezone(BERLIN).replace(hour=self.rng.choice((8, 12)), minute=0)
        description = "Technikertermin" if self.language == "de" else "Technician visit"
        self.promised.append(
            self._do(
                promises.make_promise,
                case=self.case,
                agent=self.agent,
                kind=Kind.APPOINTMENT,
                window_start=start,
                due_at=start + timedelta(hours=4),
                description=description,
                outside_business_hours=True,
            )
        )

    def _keep_promises(self) -> bool:
        """Wait for what was promised (the call, the visit) and keep it; False if still ahead."""
        if self.promised:
            last_due = max(p.due_at for p in self.promised if p.due_at is not None)
            if last_due > self.at:
                self.at = last_due
                if not self._later(10, 120):
                    return False
        for promise in self.promised:
            self._do(promises.keep_promise, promise=promise, agent=self.agent)
        self.promised = []
        return True

    def _ask_customer(self) -> bool:
        self._do(
            cases.reply,
            case=self.case,
            agent=self.agent,
            body=self._signed(self._text(QUESTIONS[self.language])),
        )
        self._do(
            cases.change_status,
            case=self.case,
            agent=self.agent,
            status=Status.WAITING_ON_CUSTOMER,
            reason="question",
        )
        if not self._later(60, 3000, office=False):
            return False
        self._do(
            cases.add_customer_message,
            case=self.case,
            customer=self.customer,
            body=self.rng.choice(ANSWERS_TO_QUESTIONS[self.language]),
            channel=Channel.EMAIL,
        )
        return True

    def _follow_up(self) -> bool:
        """A second contact: by phone, or a mail naming the case's reference, which joins it."""
        if not self.texts.follow_ups or self.rng.random() < 0.4:
            return True
        if not self._later(120, 2800, office=False):
            return False
        body = self._text(self.texts.follow_ups)
        if self.scenario.phone_likely and self.rng.random() < 0.5:
            self._do(cases.record_call, case=self.case, agent=self.agent, body=body)
            return True
        subject = f"Re: [{self.case.reference}] {self.case.subject}"
        self._do(
            cases.open_case,
            customer=self.customer,
            subject=subject,
            body=body,
            channel=Channel.EMAIL,
            named_reference=self.case.reference,
        )
        return True

    def _hand_over(self) -> bool:
        target = self.scenario.handoff_team
        if target is None or self.rng.random() < 0.25:
            return True
        if not self._later(10, 300):
            return False
        note = self._text(self.texts.handoff_notes)
        self._do(
            cases.hand_over,
            case=self.case,
            agent=self.agent,
            note=note,
            to_team=self.cast.teams[target],
        )
        if target == "Technik" and self.rng.random() < 0.6:
            self._promise_appointment()
        if not self._later(30, 1200):
            return False
        self.case.refresh_from_db()
        self.agent = self.rng.choice(self.cast.agents_of(self.case.team))
        self._take()
        if self.rng.random() < 0.4:
            self._do(cases.add_note, case=self.case, agent=self.agent, body=self.rng.choice(NOTES))
        if self.rng.random() < 0.3:
            self._do(
                cases.change_status,
                case=self.case,
                agent=self.agent,
                status=Status.WAITING_ON_THIRD_PARTY,
                reason="partner",
            )
            return self._later(600, 4000)
        return True

    def _resolve(self) -> bool:
        # Some cases stay open for a while longer, whatever their age.
        if self.rng.random() < 0.15 or not self._later(30, 2000):
            return False
        if not self._keep_promises():
            return False
        if self.rng.random() < 0.3:
            self._do(
                cases.record_call,
                case=self.case,
                agent=self.agent,
                body=self.rng.choice(CALL_NOTES[self.language]),
                direction="outbound",
            )
        resolution = self._text(self.texts.resolutions or self.texts.answers)
        self._do(cases.reply, case=self.case, agent=self.agent, body=self._signed(resolution))
        if self.rng.random() < 0.3:
            if not self._later(30, 1500, office=False):
                return False
            self._do(
                cases.add_customer_message,
                case=self.case,
                customer=self.customer,
                body=self.rng.choice(THANKS[self.language]),
            )
            self._do(cases.resolve_by_customer, case=self.case, customer=self.customer)
            return True
        self._do(
            cases.change_status,
            case=self.case,
            agent=self.agent,
            status=Status.RESOLVED,
            reason="solved",
        )
        return True

    def _close(self) -> bool:
        if not self._later(7 * 24 * 60, 12 * 24 * 60, office=False):
            return False
        self._do(
            cases.change_status,
            case=self.case,
            agent=self.agent,
            status=Status.CLOSED,
            reason="no reply in 7 days",
        )
        return True


def _office_hours(at: datetime, rng: random.Random) -> datetime:
    """Agents work Monday to Friday, 8 to 18 Berlin time: push `at` into that."""
    local = at.astimezone(BERLIN)
    if local.hour >= 18:
        local = (local + timedelta(days=1)).replace(hour=8, minute=rng.randint(0, 59))
    elif local.hour < 8:
        local = local.replace(hour=8, minute=rng.randint(0, 59))
    while local.weekday() >= 5:
        local = (local + timedelta(days=1)).replace(hour=8, minute=rng.randint(0, 59))
    return local.astimezone(at.tzinfo)
