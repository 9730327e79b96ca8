"""The programme's fixed vocabulary in the languages of Veedel (django-modeltranslation): the
admin shows a field per language; pages show the visitor's language, else German."""

from modeltranslation.translator import TranslationOptions, register

from veedel.programme.models import (
    CoordinationOffice,
    CouncilDecision,
    Goal,
    ProgrammePeriod,
    Topic,
)


@register(Goal)
class GoalTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ProgrammePeriod)
class ProgrammePeriodTranslation(TranslationOptions):
    fields = ("name",)


@register(CouncilDecision)
class CouncilDecisionTranslation(TranslationOptions):
    fields = ("title",)


@register(CoordinationOffice)
class CoordinationOfficeTranslation(TranslationOptions):
    fields = ("description",)
