"""Claims of jobs: once-a-day runs (the morning digest) and leases (which beat process leads)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyRun(models.Model):
    """A once-a-day job that has run (or is running) for a day; the row is the claim."""

    job = models.CharField(_("job"), max_length=100)
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("daily run")
        verbose_name_plural = _("daily runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="daily_run_unique_job_day"),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"


class Lease(models.Model):
    """Who holds a named lease until when; taken and renewed with one conditional UPDATE.

    Beat processes share the "beat" lease: only its holder sends the periodic tasks, so two
    beat processes (on two machines, for availability) never run a schedule twice.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    holder = models.CharField(_("holder"), max_length=200, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lease")
        verbose_name_plural = _("leases")

    def __str__(self) -> str:
        return f"{self.name}: {self.holder or '-'} until {self.expires_at}"
