"""Every change to processes, declarations, returns, contracts and orders: one function per
intent, one transaction each. Views, API, commands and jobs all come through here."""

from fairdesk.processes.services.activation import start_activation
from fairdesk.processes.services.cancellation import DeclarationIn, confirm_declaration, declare
from fairdesk.processes.services.engine import (
    complete_step,
    delay_step,
    expedite_step,
    set_date,
    skip_step,
    start_process,
)
from fairdesk.processes.services.records import DeviceIn, ItemIn, save_contract, save_order
from fairdesk.processes.services.returns import (
    charge_unreturned,
    find_return,
    grant_goodwill,
    move_return,
    open_return,
    receive_parcel,
    remind_return,
    settle_return,
    start_shop_return,
)

__all__ = [
    "DeclarationIn",
    "DeviceIn",
    "ItemIn",
    "charge_unreturned",
    "complete_step",
    "confirm_declaration",
    "declare",
    "delay_step",
    "expedite_step",
    "find_return",
    "grant_goodwill",
    "move_return",
    "open_return",
    "receive_parcel",
    "remind_return",
    "save_contract",
    "save_order",
    "set_date",
    "settle_return",
    "skip_step",
    "start_activation",
    "start_process",
    "start_shop_return",
]
