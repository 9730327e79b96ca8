"""After 0002 has filled in the papers' states: ``is_draft`` goes, and the constraints that
tie the state to ``deleted`` and ``released_at`` (and one document per paper) come."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("council", "0002_paper_state_documents_sha512")]

    operations = [
        migrations.RemoveField(
            model_name="paper",
            name="is_draft",
        ),
        migrations.AddConstraint(
            model_name="file",
            constraint=models.UniqueConstraint(
                condition=models.Q(("deleted__isnull", True), ("role", "main")),
                fields=("paper",),
                name="council_one_document_per_paper",
            ),
        ),
        migrations.AddConstraint(
            model_name="paper",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("state", "withdrawn"), ("deleted__isnull", False)),
                    models.Q(
                        models.Q(("state", "withdrawn"), _negated=True), ("deleted__isnull", True)
                    ),
                    _connector="OR",
                ),
                name="council_paper_withdrawn_is_deleted",
            ),
        ),
        migrations.AddConstraint(
            model_name="paper",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("state", "released"), _negated=True),
                    ("released_at__isnull", False),
                    _connector="OR",
                ),
                name="council_paper_released_has_date",
            ),
        ),
    ]
