"""What the worker keeps: one row per periodic job run (fairdesk.jobs lists the jobs)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """One periodic job's run in one time slot: the unique key lets exactly one worker run it."""

    job = models.CharField(max_length=100)
    slot = models.BigIntegerField()
    worker = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        # The table it had in promises, where it began: the move needed no change to the data.
        db_table = "promises_jobrun"
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_slot")]
        indexes = [models.Index(fields=["job", "-slot"])]

    def __str__(self) -> str:
        return f"{self.job} #{self.slot}"
