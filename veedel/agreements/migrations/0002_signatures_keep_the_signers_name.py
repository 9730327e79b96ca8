"""Signatures keep the signer's name as signed: the new ``…_signed_name`` fields are filled
from the signing accounts that still exist (full name, else user name). A signature whose
account was deleted before (``…_signed_by`` empty) keeps an empty name, shown as "–"."""

from django.conf import settings
from django.db import migrations, models

PARTIES = ("office", "city")


def signer_name(user) -> str:
    return (f"{user.first_name} {user.last_name}".strip() or user.username)[:300]


def fill_signer_names(apps, schema_editor):
    for model_name in ("TargetAgreement", "Amendment"):
        model = apps.get_model("agreements", model_name)
        for party in PARTIES:
            signed = model.objects.filter(**{f"{party}_signed_by__isnull": False}).select_related(
                f"{party}_signed_by"
            )
            changed = []
            for obj in signed.iterator(chunk_size=500):
                setattr(obj, f"{party}_signed_name", signer_name(getattr(obj, f"{party}_signed_by")))
                changed.append(obj)
            model.objects.bulk_update(changed, [f"{party}_signed_name"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0001_target_agreements'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='amendment',
            name='city_signed_name',
            field=models.CharField(blank=True, max_length=300, verbose_name='name of the signer for the city'),
        ),
        migrations.AddField(
            model_name='amendment',
            name='office_signed_name',
            field=models.CharField(blank=True, max_length=300, verbose_name='name of the signer for the office'),
        ),
        migrations.AddField(
            model_name='targetagreement',
            name='city_signed_name',
            field=models.CharField(blank=True, max_length=300, verbose_name='name of the signer for the city'),
        ),
        migrations.AddField(
            model_name='targetagreement',
            name='office_signed_name',
            field=models.CharField(blank=True, max_length=300, verbose_name='name of the signer for the office'),
        ),
        migrations.AlterField(
            model_name='agreementevent',
            name='action',
            field=models.CharField(choices=[('created', 'created'), ('proposed', 'proposed to the programme office'), ('changes_requested', 'changes requested by the programme office'), ('agreed', 'agreed by the programme office'), ('signed_office', 'signed for the office'), ('signed_city', 'signed for the city'), ('reviewed', 'mid-year review'), ('assessed', 'final assessment'), ('closed', 'closed'), ('amendment_drafted', 'amendment drafted'), ('amendment_signed_office', 'amendment signed for the office'), ('amendment_signed_city', 'amendment signed for the city'), ('amendment_withdrawn', 'amendment withdrawn'), ('copied', 'started as a copy of the previous year')], max_length=40, verbose_name='step'),
        ),
        migrations.RunPython(fill_signer_names, migrations.RunPython.noop, elidable=True),
    ]
