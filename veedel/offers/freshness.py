"""Freshness of the offers directory: which entries need checking, and reminders by e-mail.

An offer is *stale* when nobody has confirmed it for six months (``Offer.objects.stale()`` and
``offer.is_stale``, defined once in ``veedel.offers.models``; defunct offers are never stale:
there is nothing to check). The office responsible for an offer
keeps it up to date, so its coordinators get the reminder: one e-mail per person, listing the
stale offers of their offices. ``freshness_digest_send()`` is meant to run every day (``veedel
send_freshness_digest`` from cron or a systemd timer); it records every reminder in
``FreshnessNotice`` and mentions the same offer to the same person at most once in
``REMIND_AGAIN_AFTER_DAYS`` days, so running it twice a day, or daily, sends nothing new.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from veedel.accounts.models import Role, User
from veedel.offers.models import FreshnessNotice, Offer, stale_before
from veedel.programme.models import OfficeStaff

logger = logging.getLogger(__name__)

REMIND_AGAIN_AFTER_DAYS = 7


def stale_offers(today: datetime.date | None = None) -> QuerySet:
    """Offers that are due for a check (``Offer.objects.stale``)."""
    return Offer.objects.stale(today)


def recipients_by_office(office_ids) -> dict[int, list[User]]:
    """The coordinators of each office who can receive e-mail (active, with an address)."""
    staff = (
        OfficeStaff.objects.filter(
            office_id__in=office_ids, user__is_active=True, user__role=Role.COORDINATOR
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )
    result: dict[int, list[User]] = defaultdict(list)
    for row in staff:
        result[row.office_id].append(row.user)
    return result


@dataclass
class Digest:
    """One e-mail: a person and the stale offers to remind them of."""

    user: User
    offers: list[Offer]


@dataclass
class DigestReport:
    today: datetime.date
    dry_run: bool = False
    stale: int = 0
    without_office: int = 0
    without_recipient: int = 0  # stale offers of offices without a coordinator with e-mail
    recently_reminded: int = 0  # (person, offer) pairs left out: reminded in the last 7 days
    digests: list[Digest] = field(default_factory=list)  # sent, or to send in a dry run
    failed: list[tuple[User, str]] = field(default_factory=list)

    @property
    def offers_listed(self) -> int:
        return sum(len(d.offers) for d in self.digests)

    def lines(self) -> list[str]:
        verb = "would be sent" if self.dry_run else "sent"
        lines = [
            f"Stale offers (last checked before {stale_before(self.today):%d.%m.%Y} or never): "
            f"{self.stale}",
            f"E-mails {verb}: {len(self.digests)}, listing {self.offers_listed} offers",
        ]
        for digest in self.digests:
            lines.append(f"  {digest.user.email}: {len(digest.offers)} offers")
        if self.recently_reminded:
            lines.append(
                f"Left out, reminded within the last {REMIND_AGAIN_AFTER_DAYS} days: "
                f"{self.recently_reminded}"
            )
        if self.without_office:
            lines.append(f"Stale offers without a responsible office: {self.without_office}")
        if self.without_recipient:
            lines.append(
                f"Stale offers of offices without a coordinator with e-mail: "
                f"{self.without_recipient}"
            )
        for user, error in self.failed:
            lines.append(f"FAILED to send to {user.email}: {error}")
        return lines


def freshness_digests(*, today: datetime.date | None = None) -> DigestReport:
    """Work out who would be reminded of what today, without sending anything."""
    today = today or timezone.localdate()
    report = DigestReport(today=today)
    offers = list(
        stale_offers(today)
        .select_related("organization", "office")
        .defer("search_document", "description")
        .order_by("assured_date", "name", "pk")
    )
    report.stale = len(offers)
    by_office: dict[int, list[Offer]] = defaultdict(list)
    for offer in offers:
        if offer.office_id is None:
            report.without_office += 1
        else:
            by_office[offer.office_id].append(offer)
    recipients = recipients_by_office(list(by_office))
    since = today - datetime.timedelta(days=REMIND_AGAIN_AFTER_DAYS - 1)
    recent = set(
        FreshnessNotice.objects.filter(
            sent_on__gte=since, offer__in=[o.pk for o in offers]
        ).values_list("user_id", "offer_id")
    )
    per_user: dict[int, tuple[User, dict]] = {}
    for office_id, office_offers in by_office.items():
        users = recipients.get(office_id, [])
        if not users:
            report.without_recipient += len(office_offers)
        for user in users:
            _, due = per_user.setdefault(user.pk, (user, {}))
            for offer in office_offers:
                if (user.pk, offer.pk) in recent:
                    report.recently_reminded += 1
                else:
                    due[offer.pk] = offer  # an offer of two of the person's offices: once
    for user, due in sorted(per_user.values(), key=lambda pair: pair[0].username):
        if due:
            listed = sorted(
                due.values(), key=lambda o: (o.assured_date or datetime.date.min, o.name)
            )
            report.digests.append(Digest(user=user, offers=listed))
    return report


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _stale_list_url(base_url: str) -> str:
    try:
        return _absolute(base_url, reverse("offers:stale_offers"))
    except NoReverseMatch:  # the staff pages are not installed
        return ""


def digest_message(digest: Digest, *, today: datetime.date, base_url: str) -> EmailMessage:
    """The e-mail of one digest, in the site's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": digest.user,
            "today": today,
            "site_name": settings.VEEDEL_SITE_NAME,
            "count": len(digest.offers),
            "rows": [
                {"offer": o, "url": _absolute(base_url, o.get_absolute_url())}
                for o in digest.offers
            ],
            "list_url": _stale_list_url(base_url),
            "remind_days": REMIND_AGAIN_AFTER_DAYS,
        }
        subject = render_to_string("offers/email/freshness_digest_subject.txt", context)
        body = render_to_string("offers/email/freshness_digest.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.user.email],
    )


def freshness_digest_send(
    *, today: datetime.date | None = None, base_url: str, dry_run: bool = False
) -> DigestReport:
    """Send each coordinator one e-mail listing the stale offers of their offices that they
    were not reminded of in the last ``REMIND_AGAIN_AFTER_DAYS`` days, and record what was
    sent. Safe to run daily, or twice: what was sent is not sent again within the week.

    ``base_url`` is the address of the site (e.g. ``https://veedel.example.org``), for the
    links in the e-mails. With ``dry_run`` nothing is sent or recorded."""
    report = freshness_digests(today=today)
    report.dry_run = dry_run
    if dry_run:
        return report
    sent = []
    for digest in report.digests:
        message = digest_message(digest, today=report.today, base_url=base_url)
        try:
            message.send(fail_silently=False)
        except Exception as exc:  # one failing address must not stop the others
            logger.exception("Freshness digest to %s failed", digest.user.email)
            report.failed.append((digest.user, str(exc) or type(exc).__name__))
            continue
        with transaction.atomic():
            FreshnessNotice.objects.bulk_create(
                FreshnessNotice(user=digest.user, offer=offer, sent_on=report.today)
                for offer in digest.offers
            )
        sent.append(digest)
    report.digests = sent
    return report
