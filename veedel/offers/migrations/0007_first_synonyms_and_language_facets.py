"""A first German list of synonyms for the directory's search, and search documents without
language names (an offer's languages are facets only; offers/search.py).

The list is a start that the programme office edits in the admin (Synonymgruppen). Groups that
a later migration or the office changed are left alone: only missing groups are added.
"""

from django.db import migrations

FIRST_LIST = [
    "Kita, Kindertagesstätte, Kindergarten, Kindertageseinrichtung",
    "Geflüchtete, Flüchtlinge, Asylsuchende, Schutzsuchende",
    "Senioren, Seniorinnen, ältere Menschen, Rentner, Rentnerinnen",
    "Hausaufgaben, Hausaufgabenhilfe, Lernhilfe, Nachhilfe, Lernförderung",
    "Deutschkurs, Sprachkurs Deutsch, Integrationskurs, Deutsch lernen",
    "Jugendliche, Teenager, junge Menschen",
    "Arbeitslose, Arbeitsuchende, Erwerbslose, Jobsuche",
    "Einwanderungsgeschichte, Migrationsgeschichte, Migranten, Migrantinnen, Zugewanderte",
    "Alleinerziehende, Einelternfamilie",
    "Behinderung, Beeinträchtigung, Handicap, Inklusion",
    "Schulden, Schuldnerberatung, Geldsorgen",
    "einsam, Einsamkeit, allein",
    "Mittagstisch, günstiges Essen, Tafel, Lebensmittel",
    "wohnungslos, obdachlos, Wohnungsnot",
    "Baby, Säugling, Kleinkind, Krabbelgruppe",
    "Eltern, Mütter, Väter, Familie",
    "Treffpunkt, Begegnung, Café, Treff",
    "Sport, Bewegung, Fitness",
    "Pflege, Pflegeberatung, Pflegebedürftige",
    "Sucht, Drogen, Suchtberatung",
]
BATCH = 500


def add_synonyms(apps, schema_editor):
    Synonym = apps.get_model("offers", "Synonym")
    db = schema_editor.connection.alias
    have = set(Synonym.objects.using(db).values_list("words", flat=True))
    Synonym.objects.using(db).bulk_create(
        Synonym(words=words, note="Erste Liste (Veedel)")
        for words in FIRST_LIST
        if words not in have
    )


def remove_synonyms(apps, schema_editor):
    Synonym = apps.get_model("offers", "Synonym")
    Synonym.objects.using(schema_editor.connection.alias).filter(words__in=FIRST_LIST).delete()


def rebuild(apps, schema_editor):
    # The document is built by the same function the application uses, on the historical
    # models (as in 0004).
    from django.db.models import Prefetch

    from veedel.offers.search import offer_document

    Offer = apps.get_model("offers", "Offer")
    ServiceAtLocation = apps.get_model("offers", "ServiceAtLocation")
    db = schema_editor.connection.alias
    places = ServiceAtLocation.objects.using(db).select_related("location__quarter")
    pks = list(Offer.objects.using(db).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        offers = (
            Offer.objects.using(db)
            .filter(pk__in=pks[start : start + BATCH])
            .select_related("organization")
            .prefetch_related(
                "taxonomy_terms",
                "languages",
                Prefetch("at_locations", queryset=places),
                "at_locations__location__social_spaces",
            )
        )
        changed = []
        for offer in offers:
            text = offer_document(offer)
            if text != offer.search_document:
                offer.search_document = text
                changed.append(offer)
        Offer.objects.using(db).bulk_update(changed, ["search_document"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("offers", "0006_synonym")]
    operations = [
        migrations.RunPython(add_synonyms, remove_synonyms),
        migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True),
    ]
