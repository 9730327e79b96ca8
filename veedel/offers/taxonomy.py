"""The two taxonomies of the offers directory: topic fields (Themenfelder) and target groups
(Zielgruppen).

Their ids are fixed UUIDs (version 5, from one namespace and the term's code), so that the same
term has the same id in every installation and in every HSDS feed, and clients may keep it in
links such as ``/api/hsds/services?taxonomy_term_id=…``. ``taxonomies_load()`` creates or
updates them and is safe to repeat.

The topic fields follow the programme's topics (``programme.Topic``): one term per topic, with
the topic's slug as its code. The target groups are a fixed list. Names and descriptions are
content, in German like the rest of the data set.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import transaction

from veedel.offers.models import Taxonomy, TaxonomyTerm
from veedel.offers.services import offers_reindex_where
from veedel.programme.models import Topic

# Never change this namespace: every id below is derived from it.
NAMESPACE = uuid.UUID("5b0c2f4e-6d1a-4c3e-9a57-7e2b1d9f0c11")

TOPICS_SLUG = "themenfelder"
TARGET_GROUPS_SLUG = "zielgruppen"


def taxonomy_uuid(slug: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"taxonomy:{slug}")


def term_uuid(taxonomy_slug: str, code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"term:{taxonomy_slug}:{code}")


TOPICS_ID = taxonomy_uuid(TOPICS_SLUG)
TARGET_GROUPS_ID = taxonomy_uuid(TARGET_GROUPS_SLUG)

TAXONOMIES = {
    TOPICS_SLUG: {
        "name": "Themenfelder",
        "description": (
            "Die Themenfelder der Sozialraumorientierung, nach denen die Koordinationsstellen "
            "ihre Arbeit und die Angebote im Stadtteil ordnen."
        ),
    },
    TARGET_GROUPS_SLUG: {
        "name": "Zielgruppen",
        "description": "An wen sich ein Angebot vor allem richtet.",
    },
}

# Short descriptions of the topic fields, by the slug of the topic in the Cologne data set.
# A topic without an entry here gets its own description or a generic sentence.
TOPIC_DESCRIPTIONS = {
    "kinder-jugend-familie": (
        "Angebote für Kinder, Jugendliche und Familien: Betreuung, offene Treffs, Beratung und "
        "Freizeit."
    ),
    "soziales": "Beratung und Hilfe im Alltag, bei Geldsorgen, Behördenpost und in Notlagen.",
    "bildung": "Lernen in jedem Alter: Sprachkurse, Hausaufgabenhilfe, Kurse und Bibliotheken.",
    "engagement-vernetzung": (
        "Mitmachen und sich einsetzen: Ehrenamt, Nachbarschaftshilfe und Netzwerke im Veedel."
    ),
    "wohnen": "Rund ums Wohnen: Mietberatung, Wohnumfeld und Zusammenleben im Haus.",
    "sport": "Bewegung und Sport für alle Altersgruppen, im Verein und ohne.",
    "kultur": "Kunst, Musik, Theater und Begegnung, selbst gemacht oder zum Zuschauen.",
    "wirtschaft-arbeit": (
        "Arbeit, Ausbildung und Beruf: Beratung, Bewerbungshilfe und Qualifizierung."
    ),
    "gemeinwesen-politik": (
        "Mitreden im Stadtteil: Bürgerversammlungen, Beteiligung und politische Bildung."
    ),
    "gesundheit": "Gesund leben: Vorsorge, Beratung, Selbsthilfe und Bewegung.",
}


@dataclass(frozen=True)
class TargetGroup:
    code: str
    name: str
    description: str


# The target groups' names in the other languages (en, tr, ar); German is ``TargetGroup.name``.
TARGET_GROUP_NAMES = {
    "kinder": ("Children", "Çocuklar", "الأطفال"),
    "jugendliche": ("Young people", "Gençler", "الشباب"),
    "erwachsene": ("Adults", "Yetişkinler", "البالغون"),
    "familien": ("Families", "Aileler", "الأسر"),
    "eltern": ("Parents", "Ebeveynler", "الآباء والأمهات"),
    "senioren": ("Older people", "Yaşlılar", "كبار السن"),
    "migrationsgeschichte": (
        "People with a migration background",
        "Göçmen geçmişi olan kişiler",
        "أشخاص من أصول مهاجرة",
    ),
    "gefluechtete": ("Refugees", "Mülteciler", "اللاجئون"),
    "frauen": ("Women", "Kadınlar", "النساء"),
    "maenner": ("Men", "Erkekler", "الرجال"),
    "behinderung": ("People with disabilities", "Engelli kişiler", "الأشخاص ذوو الإعاقة"),
    "arbeitsuchende": ("Jobseekers", "İş arayanlar", "الباحثون عن عمل"),
    "alle": ("Open to everyone", "Herkese açık", "مفتوح للجميع"),
}
OTHER_LANGUAGES = ("en", "tr", "ar")


def _names(german: str, others) -> dict:
    """The name fields of a term: German, and the other languages where known."""
    names = {"name": german}
    for code, name in zip(OTHER_LANGUAGES, others or (), strict=False):
        if name:
            names[f"name_{code}"] = name
    return names


TARGET_GROUPS = (
    TargetGroup("kinder", "Kinder", "Kinder bis 13 Jahre."),
    TargetGroup("jugendliche", "Jugendliche", "Jugendliche und junge Erwachsene von 14 bis 26."),
    TargetGroup(
        "erwachsene",
        "Erwachsene",
        "Erwachsene ab 27 Jahren, etwa in Kursen, Beratungen und Treffpunkten.",
    ),
    TargetGroup("familien", "Familien", "Familien mit Kindern, gemeinsam angesprochen."),
    TargetGroup("eltern", "Eltern", "Mütter, Väter und andere Erziehende."),
    TargetGroup("senioren", "Senior*innen", "Ältere Menschen, etwa ab 60 Jahren."),
    TargetGroup(
        "migrationsgeschichte",
        "Menschen mit Migrationsgeschichte",
        "Menschen, die selbst oder deren Familien eingewandert sind.",
    ),
    TargetGroup(
        "gefluechtete",
        "Geflüchtete",
        "Menschen, die vor Krieg, Verfolgung oder Not geflohen sind.",
    ),
    TargetGroup("frauen", "Frauen", "Angebote, die sich an Frauen und Mädchen richten."),
    TargetGroup("maenner", "Männer", "Angebote, die sich an Männer und Jungen richten."),
    TargetGroup(
        "behinderung",
        "Menschen mit Behinderung",
        "Menschen mit körperlichen, seelischen oder geistigen Beeinträchtigungen.",
    ),
    TargetGroup(
        "arbeitsuchende",
        "Arbeitsuchende",
        "Menschen, die Arbeit, eine Ausbildung oder einen Wiedereinstieg suchen.",
    ),
    TargetGroup("alle", "Offen für alle", "Offen für alle Menschen im Veedel."),
)


@dataclass
class TaxonomyReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    details: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _upsert(model, report: TaxonomyReport, pk: uuid.UUID, values: dict, changed_ids=None):
    """Create or update one record; the pk of an updated one whose name changed goes to
    ``changed_ids``."""
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        obj = model.objects.create(pk=pk, **values)
        report.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.updated += 1
        if changed_ids is not None and any(
            name == "taxonomy" or name.startswith("name") for name in changed
        ):
            changed_ids.append(obj.pk)
    else:
        report.unchanged += 1
    return obj


def taxonomies_load() -> TaxonomyReport:
    """Create or update both taxonomies and their terms; a second run changes nothing.

    Needs the programme's topics (``veedel load_areas``). A term whose topic has gone is kept
    (offers may still use it) but loses its link to the topic. The offers of a renamed term
    are reindexed in the same transaction."""
    report = TaxonomyReport()
    renamed: list[uuid.UUID] = []
    with transaction.atomic():
        taxonomies = {
            slug: _upsert(
                Taxonomy,
                report,
                taxonomy_uuid(slug),
                {"slug": slug, "name": data["name"], "description": data["description"]},
            )
            for slug, data in TAXONOMIES.items()
        }
        topics = list(Topic.objects.order_by("programme_id", "order", "name"))
        seen: set[str] = set()
        for order, topic in enumerate(topics, start=1):
            if topic.slug in seen:  # the same topic in a second programme: one term
                continue
            seen.add(topic.slug)
            # A term that stood for another topic with the same slug lets go of it first.
            TaxonomyTerm.objects.filter(topic=topic).exclude(
                pk=term_uuid(TOPICS_SLUG, topic.slug)
            ).update(topic=None)
            _upsert(
                TaxonomyTerm,
                report,
                term_uuid(TOPICS_SLUG, topic.slug),
                {
                    "taxonomy": taxonomies[TOPICS_SLUG],
                    "code": topic.slug,
                    **_names(
                        topic.name_de or topic.name,
                        [getattr(topic, f"name_{code}") for code in OTHER_LANGUAGES],
                    ),
                    "description": TOPIC_DESCRIPTIONS.get(topic.slug)
                    or topic.description
                    or f"Angebote im Themenfeld {topic.name}.",
                    "topic": topic,
                    "order": order,
                    "parent": None,
                },
                renamed,
            )
        for order, group in enumerate(TARGET_GROUPS, start=1):
            _upsert(
                TaxonomyTerm,
                report,
                term_uuid(TARGET_GROUPS_SLUG, group.code),
                {
                    "taxonomy": taxonomies[TARGET_GROUPS_SLUG],
                    "code": group.code,
                    **_names(group.name, TARGET_GROUP_NAMES.get(group.code)),
                    "description": group.description,
                    "topic": None,
                    "order": order,
                    "parent": None,
                },
                renamed,
            )
        offers_reindex_where(term_ids=renamed)
    return report


def topic_terms() -> dict[str, TaxonomyTerm]:
    """The topic-field terms by code."""
    return {t.code: t for t in TaxonomyTerm.objects.filter(taxonomy_id=TOPICS_ID)}


def target_group_terms() -> dict[str, TaxonomyTerm]:
    """The target-group terms by code."""
    return {t.code: t for t in TaxonomyTerm.objects.filter(taxonomy_id=TARGET_GROUPS_ID)}
