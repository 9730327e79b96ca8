"""The directory's vocabulary in the languages of Veedel (django-modeltranslation): topics and
target groups are taxonomy terms; pages show the visitor's language, else German. Search
documents hold the names in every language (offers/search.py)."""

from modeltranslation.translator import TranslationOptions, register

from veedel.offers.models import Taxonomy, TaxonomyTerm


@register(Taxonomy)
class TaxonomyTranslation(TranslationOptions):
    fields = ("name",)


@register(TaxonomyTerm)
class TaxonomyTermTranslation(TranslationOptions):
    fields = ("name", "description")
