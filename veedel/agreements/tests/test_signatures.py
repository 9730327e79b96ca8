"""Signatures keep the signer's name as signed: a deleted account leaves the signature
readable (it was a 500 before), the demo's agreement signed without an account shows, and the
data migration fills the names of existing signatures."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from veedel.accounts.models import Role, User
from veedel.accounts.services import user_set_role
from veedel.agreements.models import AgreementState, Amendment, AmendmentState, TargetAgreement
from veedel.agreements.services import agreement_sign
from veedel.agreements.services_amendments import amendment_create, amendment_sign
from veedel.agreements.tests.factories import make_agreement, office, signed

pytestmark = pytest.mark.django_db
S = AgreementState


def _coordinator(username, first, last):
    user = User.objects.create_user(username, password="x", first_name=first, last_name=last)
    user_set_role(user=user, role=Role.COORDINATOR, offices=[office()])
    return user


def test_a_signature_keeps_its_name_when_the_signers_account_is_deleted(login, personas):
    agreement = make_agreement(state=S.AGREED)
    signer = _coordinator("vertretung", "Toni", "Vertretung")
    agreement_sign(agreement=agreement, by=signer)
    agreement_sign(agreement=agreement, by=personas["geschaeftsstelle"])
    signer.delete()

    agreement = TargetAgreement.objects.get(pk=agreement.pk)
    assert agreement.state == S.SIGNED and agreement.office_signed_by is None
    client = login("geschaeftsstelle")
    for url in (agreement.get_absolute_url(), reverse("agreements:print", args=[agreement.pk])):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "signed by Toni Vertretung on" in page
        assert "signed by Mika Testmann on" in page


def test_an_amendment_signature_keeps_its_name_too(login, personas):
    agreement = signed(make_agreement())
    signer = _coordinator("vertretung", "Toni", "Vertretung")
    target = agreement.targets.first()
    amendment = amendment_create(
        agreement=agreement,
        summary="Einheit",
        reason="Klarer",
        changes={target.pk: {"unit": "Treffen"}},
        by=signer,
    )
    amendment_sign(amendment=amendment, by=signer)
    signer.delete()
    response = login("koordination-kalk").get(agreement.get_absolute_url())
    assert response.status_code == 200
    assert "signed by Toni Vertretung on" in response.content.decode()


def test_a_signature_without_any_name_shows_a_dash(login):
    """As left by an account deleted before names were kept (and no migration could help)."""
    agreement = make_agreement(state=S.AGREED)
    agreement.office_signed_at = timezone.now()
    agreement.save()
    response = login("geschaeftsstelle").get(agreement.get_absolute_url())
    assert response.status_code == 200
    assert "signed by – on" in response.content.decode()


def test_the_name_is_the_one_at_signing_not_a_later_one(login, personas):
    agreement = make_agreement(state=S.AGREED)
    agreement_sign(agreement=agreement, by=personas["koordination-kalk"])
    kim = personas["koordination-kalk"]
    kim.last_name = "Umbenannt"
    kim.save()
    page = login("geschaeftsstelle").get(agreement.get_absolute_url()).content.decode()
    signatures = page.split('id="signatures-title"', 1)[1].split("</section>", 1)[0]
    assert "signed by Kim Muster on" in signatures and "Umbenannt" not in signatures


def test_every_demo_agreement_page_answers(login):
    call_command("load_demo_agreements", stdout=StringIO())
    client = login("geschaeftsstelle")
    agreements = list(TargetAgreement.objects.all())
    assert len(agreements) >= 6
    for agreement in agreements:
        for url in (
            agreement.get_absolute_url(),
            reverse("agreements:print", args=[agreement.pk]),
        ):
            assert client.get(url).status_code == 200, url
    # The office that signed without a demo account (the sixth demo agreement).
    buchforst = TargetAgreement.objects.get(office__slug="buchforst-muelheim", year=2026)
    assert buchforst.office_signed_by is None and buchforst.office_signed_at
    page = client.get(buchforst.get_absolute_url()).content.decode()
    assert "signed by Kai Platzhalter on" in page


def test_the_data_migration_fills_the_names_of_existing_signatures(personas):
    migration = importlib.import_module(
        "veedel.agreements.migrations.0002_signatures_keep_the_signers_name"
    )
    agreement = signed(make_agreement())
    amendment = Amendment.objects.create(
        agreement=agreement,
        number=1,
        summary="a",
        reason="b",
        state=AmendmentState.SIGNED,
        office_signed_by=personas["koordination-kalk-2"],
        office_signed_at=timezone.now(),
    )
    nameless = User.objects.create_user("ohne-namen")
    unsigned = make_agreement(year=2027)
    unsigned.city_signed_by = nameless  # the name falls back to the user name
    unsigned.save()
    # As the rows stood before the migration: no names.
    TargetAgreement.objects.update(office_signed_name="", city_signed_name="")
    Amendment.objects.update(office_signed_name="", city_signed_name="")

    migration.fill_signer_names(apps, None)

    agreement.refresh_from_db()
    amendment.refresh_from_db()
    unsigned.refresh_from_db()
    assert agreement.office_signed_name == "Kim Muster"
    assert agreement.city_signed_name == "Mika Testmann"
    assert amendment.office_signed_name == "Ali Exempel" and amendment.city_signed_name == ""
    assert unsigned.city_signed_name == "ohne-namen" and unsigned.office_signed_name == ""
