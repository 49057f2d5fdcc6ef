"""What happens elsewhere when something happens to a case: one explicit list, no signals.

cases.services calls `case_event` inside its transaction; each consequence below either
runs in that same transaction (promise clocks) or after commit (mail, tasks).
"""

from fairdesk.cases.models import Case, Entry


def case_event(*, case: Case, event: str, entry: Entry | None = None, **facts: object) -> None:
    """Tell the other apps that `event` happened to `case`.

    Events: opened, joined (a new contact joined an open case), customer_message,
    public_reply, status_changed (facts: old, new), handed_over, merged (facts: source).
    """
    from fairdesk.promises import clocks  # promises builds on cases, not the other way

    clocks.on_case_event(case=case, event=event, entry=entry, **facts)

    from fairdesk.channels.email import outbound  # mail goes out after commit (on_commit)

    outbound.on_case_event(case=case, event=event, entry=entry, **facts)
