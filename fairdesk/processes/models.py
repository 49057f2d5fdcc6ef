"""Devices lent, orders, returns, cancellation declarations, and the processes that run
them as dated steps. Only fairdesk.processes.services writes these tables."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fairdesk.accounts.models import Customer
from fairdesk.cases.models import Case
from fairdesk.promises.models import Contract, Promise


class Device(models.Model):
    """Something lent with a contract (a router): it comes back when the contract ends."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="devices")
    name = models.CharField(_("device"), max_length=200)
    serial = models.CharField(_("serial number"), max_length=100, blank=True)
    # What it is worth today: the most a customer can ever be charged for not returning it.
    value_cents = models.PositiveIntegerField(_("current value (cents)"), default=0)

    class Meta:
        ordering = ["contract", "id"]
        verbose_name = _("device")
        verbose_name_plural = _("devices")

    def __str__(self) -> str:
        return f"{self.name} {self.serial}".strip()


class OrderKind(models.TextChoices):
    SHOP = "shop", _("shop order")
    ACTIVATION = "activation", _("line order")


class Delivery(models.TextChoices):
    ORDERED = "ordered", _("ordered")
    SHIPPED = "shipped", _("shipped")
    DELIVERED = "delivered", _("delivered")


class Order(models.Model):
    number = models.CharField(_("order number"), max_length=40, unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="orders")
    kind = models.CharField(max_length=12, choices=OrderKind.choices, default=OrderKind.SHOP)
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    ordered_on = models.DateField(_("ordered on"))
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.ORDERED
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)

    class Meta:
        ordering = ["-ordered_on", "-id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self) -> str:
        return self.number


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    sku = models.CharField(_("article number"), max_length=60)
    name = models.CharField(_("article"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price_cents = models.PositiveIntegerField(_("unit price (cents)"))

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["order", "sku"], name="one_line_per_sku")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.name}"


class ProcessState(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    STOPPED = "stopped", _("stopped")


class Process(models.Model):
    """One run of a definition (fairdesk.processes.definitions) on a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="processes")
    definition = models.CharField(max_length=30)
    state = models.CharField(max_length=10, choices=ProcessState.choices, default="open")
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.SET_NULL, related_name="processes"
    )
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="processes"
    )
    # Dates given at the start that steps are due on, e.g. {"effective_on": "2027-03-31"}.
    dates = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")

    def __str__(self) -> str:
        return f"{self.definition} on {self.case_id}"


class StepState(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    SKIPPED = "skipped", _("skipped")


class Step(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(max_length=30)
    position = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=10, choices=StepState.choices, default="open")
    due_on = models.DateField(null=True, blank=True)
    promise = models.ForeignKey(
        Promise, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_via = models.CharField(max_length=10, blank=True)
    # Set when a step is told to be late before its date: the customer reads why.
    delay_reason = models.CharField(max_length=500, blank=True)
    expedited_at = models.DateTimeField(null=True, blank=True)
    expedite_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["process", "position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="one_step_per_key"),
            models.CheckConstraint(
                condition=Q(state="done", done_at__isnull=False) | ~Q(state="done"),
                name="done_step_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process_id}:{self.key} {self.state}"


class DeclarationKind(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary cancellation")
    EXTRAORDINARY = "extraordinary", _("extraordinary cancellation (for cause)")
    WITHDRAWAL = "withdrawal", _("withdrawal")


class Declaration(models.Model):
    """A cancellation or withdrawal as received: its content, never edited, kept as the
    durable record the customer can download."""

    kind = models.CharField(max_length=15, choices=DeclarationKind.choices)
    reason = models.CharField(max_length=1000, blank=True)
    name = models.CharField(max_length=200)
    customer_number = models.CharField(max_length=60, blank=True)
    contract_number = models.CharField(max_length=60)
    email = models.EmailField()
    wanted_on = models.DateField(null=True, blank=True)
    received_at = models.DateTimeField(db_index=True)
    # The link a not-signed-in customer keeps for the receipt and the downloads.
    token = models.CharField(max_length=43, unique=True)
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.SET_NULL, related_name="declarations"
    )
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="declarations"
    )
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="declarations")
    # A later submission for the same contract points at the first one.
    first = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="repeats"
    )
    effective_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=12, blank=True)
    language = models.CharField(max_length=5, default="de")

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")

    def __str__(self) -> str:
        return f"{self.kind} {self.contract_number} {self.received_at:%Y-%m-%d %H:%M:%S}"


class ReturnKind(models.TextChoices):
    DEVICE = "device", _("device return")
    SHOP = "shop", _("shop return")


class ReturnState(models.TextChoices):
    LABEL_SENT = "label_sent", _("label sent")
    IN_TRANSIT = "in_transit", _("in transit")
    RECEIVED = "received", _("received")
    INSPECTED = "inspected", _("inspected")
    CLOSED = "closed", pgettext_lazy("return", "closed")


class Wanted(models.TextChoices):
    REFUND = "refund", _("refund")
    REPLACEMENT = "replacement", _("replacement")
    REPAIR = "repair", _("repair")


class Return(models.Model):
    number = models.CharField(_("return number"), max_length=12, unique=True)
    kind = models.CharField(max_length=6, choices=ReturnKind.choices)
    state = models.CharField(
        max_length=10, choices=ReturnState.choices, default=ReturnState.LABEL_SENT
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="returns")
    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="parcels")
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.PROTECT, related_name="returns"
    )
    # A device return covers the devices lent with this contract.
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="returns"
    )
    wanted = models.CharField(max_length=12, choices=Wanted.choices, blank=True)
    reason = models.CharField(max_length=1000, blank=True)
    # Set when the return follows a withdrawal: the refund deadline counts from it.
    declared_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    received_at = models.DateTimeField(null=True, blank=True)
    refund_cents = models.PositiveIntegerField(default=0)
    # Devices never sent back: a reminder first, then at most their current value.
    reminded_at = models.DateTimeField(null=True, blank=True)
    charged_cents = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("return")
        verbose_name_plural = _("returns")

    def __str__(self) -> str:
        return self.number


class ReturnItem(models.Model):
    parcel = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(OrderItem, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("return item")
        verbose_name_plural = _("return items")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.item_id}"
