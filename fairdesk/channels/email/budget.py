"""A hard time budget for parsing one message: past it, the message is stored raw, flagged.

Parsing is meant to be linear in the message size, but a budget is the backstop for any
shape nobody has thought of. The deadline is checked between MIME parts; in the main thread
(the MTA pipe, the worker) an interval timer also interrupts Python-level loops inside a part.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator

from fairdesk.channels.email.model import MessageTooSlow


class Deadline:
    """The moment parsing must have finished by (None: no budget)."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.at = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self.at is not None and time.monotonic() >= self.at:
            raise MessageTooSlow(f"parsing took longer than {self.seconds:g} s")


@contextlib.contextmanager
def interrupting(deadline: Deadline) -> Iterator[None]:
    """Raise MessageTooSlow from a timer signal once the deadline passes (main thread only,
    and only when nobody else uses SIGALRM); elsewhere the part-by-part checks must do."""
    usable = (
        deadline.seconds is not None
        and deadline.seconds > 0
        and threading.current_thread() is threading.main_thread()
        and hasattr(signal, "setitimer")
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
    )
    if not usable or deadline.seconds is None:
        yield
        return

    def expired(signum: int, frame: object) -> None:
        deadline.check()

    signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, deadline.seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
