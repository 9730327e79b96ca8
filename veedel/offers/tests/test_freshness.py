"""The freshness reminder: each coordinator gets one e-mail listing the out-of-date offers of
their own offices, not the same offer again within a week, and nothing when all is fresh."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from veedel.network.models import Actor
from veedel.offers.freshness import freshness_digest_send
from veedel.offers.models import FreshnessNotice, Offer
from veedel.offers.tests.factories import make_offer
from veedel.programme.models import CoordinationOffice

pytestmark = pytest.mark.django_db

BASE = "https://veedel.example.org"
TODAY = datetime.date(2026, 3, 10)
CHORWEILER = "blumenberg-chorweiler-seeberg-nord"


def _days_ago(days):
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def offers():
    kalk = CoordinationOffice.objects.get(slug="kalk")
    chorweiler = CoordinationOffice.objects.get(slug=CHORWEILER)
    return {
        "kalk_stale": make_offer(name="Sprachcafé Kalk", office=kalk, assured_date=_days_ago(200)),
        "kalk_never": make_offer(name="Nähstube Kalk", office=kalk, assured_date=None),
        "kalk_fresh": make_offer(name="Lesepaten Kalk", office=kalk, assured_date=_days_ago(30)),
        "kalk_defunct": make_offer(
            name="Alte Krabbelgruppe", office=kalk, assured_date=_days_ago(400), status="defunct"
        ),
        "chorweiler_stale": make_offer(
            name="Boxtraining Chorweiler", office=chorweiler, assured_date=_days_ago(365)
        ),
        "no_office": Offer.objects.create(
            organization=Actor.objects.create(name="Freier Träger", kind="club"),
            name="Herrenloses Angebot",
            assured_date=None,
        ),
    }


def _mails_by_recipient():
    result = {}
    for message in mail.outbox:
        assert len(message.to) == 1
        result[message.to[0]] = message
    return result


def test_each_coordinator_gets_one_mail_with_the_stale_offers_of_their_office(offers, personas):
    report = freshness_digest_send(today=TODAY, base_url=BASE)

    mails = _mails_by_recipient()
    assert set(mails) == {
        personas["koordination-kalk"].email,
        personas["koordination-kalk-2"].email,
        personas["koordination-chorweiler"].email,
    }
    assert len(mail.outbox) == 3
    kalk = mails[personas["koordination-kalk"].email].body
    assert "Sprachcafé Kalk" in kalk and "Nähstube Kalk" in kalk
    assert f"{BASE}/angebote/{offers['kalk_stale'].pk}/" in kalk
    for other in ("Lesepaten Kalk", "Alte Krabbelgruppe", "Boxtraining", "Herrenloses"):
        assert other not in kalk
    chorweiler = mails[personas["koordination-chorweiler"].email].body
    assert "Boxtraining Chorweiler" in chorweiler
    assert "Kalk" not in chorweiler.replace("Chorweiler", "")
    assert "2" in mails[personas["koordination-kalk"].email].subject

    assert report.stale == 4  # the defunct offer needs no check
    assert report.without_office == 1
    assert report.offers_listed == 5


def test_nobody_else_is_mailed(offers, personas):
    freshness_digest_send(today=TODAY, base_url=BASE)
    recipients = {m.to[0] for m in mail.outbox}
    for username in ("traeger", "geschaeftsstelle", "ratsmitglied", "admin", "bewohnerin"):
        assert personas[username].email not in recipients


def test_coordinators_without_address_or_no_longer_active_get_nothing(offers, personas):
    personas["koordination-kalk"].email = ""
    personas["koordination-kalk"].save()
    personas["koordination-kalk-2"].is_active = False
    personas["koordination-kalk-2"].save()
    report = freshness_digest_send(today=TODAY, base_url=BASE)
    assert [m.to[0] for m in mail.outbox] == [personas["koordination-chorweiler"].email]
    assert report.without_recipient == 2


def test_not_again_within_seven_days(offers, personas):
    freshness_digest_send(today=TODAY, base_url=BASE)
    assert len(mail.outbox) == 3
    assert FreshnessNotice.objects.count() == 5  # 2 + 2 (Kalk) + 1 (Chorweiler)

    mail.outbox.clear()
    freshness_digest_send(today=TODAY, base_url=BASE)  # a second run the same day
    for days in range(1, 7):
        freshness_digest_send(today=TODAY + datetime.timedelta(days=days), base_url=BASE)
    assert mail.outbox == []

    freshness_digest_send(today=TODAY + datetime.timedelta(days=7), base_url=BASE)
    assert len(mail.outbox) == 3


def test_a_newly_stale_offer_is_mailed_alone(offers, personas):
    freshness_digest_send(today=TODAY, base_url=BASE)
    mail.outbox.clear()
    later = TODAY + datetime.timedelta(days=2)
    Offer.objects.filter(pk=offers["kalk_fresh"].pk).update(assured_date=_days_ago(300))

    report = freshness_digest_send(today=later, base_url=BASE)

    assert {m.to[0] for m in mail.outbox} == {
        personas["koordination-kalk"].email,
        personas["koordination-kalk-2"].email,
    }
    body = mail.outbox[0].body
    assert "Lesepaten Kalk" in body and "Sprachcafé Kalk" not in body
    assert report.recently_reminded == 5


def test_a_checked_offer_is_no_longer_mentioned(offers, personas):
    Offer.objects.filter(pk=offers["kalk_stale"].pk).update(assured_date=TODAY)
    freshness_digest_send(today=TODAY, base_url=BASE)
    body = _mails_by_recipient()[personas["koordination-kalk"].email].body
    assert "Sprachcafé Kalk" not in body and "Nähstube Kalk" in body


def test_nothing_is_sent_when_every_offer_is_fresh(personas):
    kalk = CoordinationOffice.objects.get(slug="kalk")
    make_offer(name="Frisch geprüft", office=kalk, assured_date=TODAY)
    make_offer(name="Vor fünf Monaten", office=kalk, assured_date=_days_ago(150))
    report = freshness_digest_send(today=TODAY, base_url=BASE)
    assert mail.outbox == []
    assert report.stale == 0 and not report.digests
    assert not FreshnessNotice.objects.exists()


def test_dry_run_sends_and_records_nothing(offers):
    report = freshness_digest_send(today=TODAY, base_url=BASE, dry_run=True)
    assert len(report.digests) == 3
    assert mail.outbox == []
    assert not FreshnessNotice.objects.exists()


def test_the_command_prints_a_summary_and_is_safe_to_repeat(offers, personas):
    # The command counts from today; move the offers' dates accordingly.
    shift = timezone.localdate() - TODAY
    for offer in Offer.objects.exclude(assured_date=None):
        Offer.objects.filter(pk=offer.pk).update(assured_date=offer.assured_date + shift)
    out = io.StringIO()
    call_command("send_freshness_digest", "--dry-run", "--base-url", BASE, stdout=out)
    assert "Dry run" in out.getvalue() and mail.outbox == []

    out = io.StringIO()
    call_command("send_freshness_digest", "--base-url", BASE, stdout=out)
    assert "E-mails sent: 3" in out.getvalue()
    assert personas["koordination-chorweiler"].email in out.getvalue()
    assert len(mail.outbox) == 3

    out = io.StringIO()
    call_command("send_freshness_digest", "--base-url", BASE, stdout=out)
    assert "E-mails sent: 0" in out.getvalue()
    assert len(mail.outbox) == 3


def test_the_command_refuses_a_base_url_without_scheme():
    with pytest.raises(CommandError, match="base-url"):
        call_command("send_freshness_digest", "--base-url", "veedel.example.org")
