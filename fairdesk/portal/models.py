"""One-time sign-in links for the customer portal (only their hash is stored)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fairdesk.accounts.models import Customer


class SignInLink(models.Model):
    """A link emailed to a customer: it signs them in once, before it expires."""

    token_hash = models.CharField(max_length=64, unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")

    def __str__(self) -> str:
        return f"{self.customer_id} {self.created_at:%Y-%m-%d %H:%M}"
