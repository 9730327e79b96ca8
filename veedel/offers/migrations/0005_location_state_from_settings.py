"""The federal state of a new location comes from the settings (the area data set's manifest),
no longer from a state written in the code. Existing rows keep the state they have."""

from django.db import migrations, models

import veedel.offers.models


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0004_search_document_facets"),
    ]

    operations = [
        migrations.AlterField(
            model_name="location",
            name="state_province",
            field=models.CharField(
                default=veedel.offers.models.default_state, max_length=100, verbose_name="state"
            ),
        ),
    ]
