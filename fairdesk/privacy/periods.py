"""Calendar months back from a moment (pure: no Django)."""

import calendar
from datetime import datetime


def months_back(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier; the month's last day when
    that day does not exist (31 March back one month is 28 or 29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)
