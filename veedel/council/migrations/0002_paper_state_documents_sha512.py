"""Papers get a state (draft, released, withdrawn) in place of ``is_draft``, and the time they
were released; files get their SHA-512. A paper's main file becomes its own document (its
public part as PDF, made by Veedel): uploaded main files become attachments, and every paper
that is not withdrawn gets its document. (The old field goes and the constraints come in
0003, in a transaction of their own: PostgreSQL does not alter a table with pending
constraint checks of the rows written here.)"""

import hashlib

from django.db import migrations, models
from django.db.models import F


def forward(apps, schema_editor):
    from veedel.council.documents import document_store

    Paper = apps.get_model("council", "Paper")
    File = apps.get_model("council", "File")
    # When a paper was released is not known; it was not before it was created.
    Paper.objects.filter(deleted__isnull=False).update(state="withdrawn")
    Paper.objects.filter(deleted__isnull=False, is_draft=False).update(released_at=F("created"))
    Paper.objects.filter(deleted__isnull=True, is_draft=False).update(
        state="released", released_at=F("created")
    )
    File.objects.filter(role="main").update(role="auxiliary")
    for file in File.objects.filter(sha512_checksum="").exclude(file=""):
        try:
            with file.file.open("rb") as handle:
                digest = hashlib.sha512(handle.read()).hexdigest()
        except (FileNotFoundError, OSError, ValueError):
            continue
        File.objects.filter(pk=file.pk).update(sha512_checksum=digest)
    for paper in Paper.objects.filter(deleted__isnull=True).select_related("body"):
        document_store(paper, file_model=File)


def backward(apps, schema_editor):
    Paper = apps.get_model("council", "Paper")
    Paper.objects.update(
        is_draft=models.Case(
            models.When(state="draft", then=True), default=False, output_field=models.BooleanField()
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0003_social_space_quarter_verbose_name"),
        ("council", "0001_initial_oparl_models"),
        ("programme", "0002_office_staff_coordinators_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="file",
            name="sha512_checksum",
            field=models.CharField(blank=True, max_length=128, verbose_name="SHA-512"),
        ),
        migrations.AddField(
            model_name="paper",
            name="released_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="released"
            ),
        ),
        migrations.AddField(
            model_name="paper",
            name="state",
            field=models.CharField(
                choices=[("draft", "draft"), ("released", "released"), ("withdrawn", "withdrawn")],
                default="draft",
                max_length=12,
                verbose_name="state",
            ),
        ),
        migrations.AlterField(
            model_name="file",
            name="role",
            field=models.CharField(
                choices=[("main", "the paper as PDF"), ("auxiliary", "attachment")],
                default="auxiliary",
                max_length=12,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
