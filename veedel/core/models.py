from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteChange(models.Model):
    """How many writes the database has seen: the version of the whole site's data.

    Database triggers on every other table (``veedel.core.sitechanges``) add one to a row of
    this table in the same transaction as the write, so the sum over all rows moves exactly
    when a change becomes visible, whoever made it: a form, the admin, a loader, a bulk
    update or raw SQL. PostgreSQL spreads the count over a few rows (by connection), so that
    concurrent writers do not queue on one row.
    """

    slot = models.PositiveSmallIntegerField(_("slot"), primary_key=True)
    changes = models.BigIntegerField(_("changes"), default=0)

    class Meta:
        verbose_name = _("site change counter")
        verbose_name_plural = _("site change counters")

    def __str__(self) -> str:
        return f"{self.slot}: {self.changes}"
