"""Errors that services raise for rule violations; interfaces turn them into messages."""


class DomainError(Exception):
    """A request that breaks a rule of the house (not a bug): shown to the person who asked."""

    status = 422

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(DomainError):
    """The actor may not do this."""

    status = 403


class Conflict(DomainError):
    """The object is not in a state that allows this."""

    status = 409


def first_line(error: BaseException) -> str:
    """An error said in one line for an operator's log or terminal (a database's message can
    run to several); its class name when it says nothing."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
