"""Writes on areas outside the data loader: the admin renames and deletes areas through these.

Apps above follow the names and outlines of areas (the offers' search documents name quarters
and social spaces). Whatever changes them sends ``areas_changed`` inside its transaction (the
loader does so for a load, ``veedel.areas.loading``), so no caller has to remember it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model

from veedel.areas.geo import locate_reset
from veedel.areas.hooks import areas_changed
from veedel.areas.models import District, Neighbourhood, Quarter, SocialSpace

# The keyword argument of ``areas_changed`` for each kind of area.
HOOK_ARGUMENTS = {
    District: "district_ids",
    Quarter: "quarter_ids",
    Neighbourhood: "neighbourhood_ids",
    SocialSpace: "social_space_ids",
}
# What apps above follow (the outline is not edited outside the loader).
ANNOUNCED_FIELDS = ("name", "geometry")


def _announce(model: type[Model], ids: list) -> None:
    changes = {argument: [] for argument in HOOK_ARGUMENTS.values()}
    changes[HOOK_ARGUMENTS[model]] = ids
    areas_changed.send(**changes)


def area_save(*, area: District | Quarter | Neighbourhood | SocialSpace) -> None:
    """Save an area whose fields the caller has set and checked the permission for (the admin,
    ``area_update``); sends ``areas_changed`` when its name or outline changed."""
    model = type(area)
    with transaction.atomic():
        before = (
            None
            if area._state.adding
            else model.objects.filter(pk=area.pk).values_list(*ANNOUNCED_FIELDS).first()
        )
        area.save()
        if before is not None and before != tuple(getattr(area, f) for f in ANNOUNCED_FIELDS):
            _announce(model, [area.pk])
            transaction.on_commit(locate_reset)


def area_update(*, area, data: dict, by) -> None:
    """Change an area's editable fields (``data``: field name → value), e.g. rename it."""
    model = type(area)
    if not by.has_perm(f"areas.change_{model._meta.model_name}", area):
        raise PermissionDenied
    for name, value in data.items():
        field = model._meta.get_field(name)
        if not field.editable or field.primary_key:
            raise ValueError(f"{name} cannot be changed here")
        setattr(area, name, value)
    area.full_clean()
    area_save(area=area)


def areas_delete(*, areas: Iterable) -> None:
    """Delete areas of one kind. Before the rows go, their outlines go: ``areas_changed`` tells
    the apps above, which place what lay in them again (without them)."""
    areas = list(areas)
    if not areas:
        return
    model = type(areas[0])
    ids = [area.pk for area in areas]
    with transaction.atomic():
        model.objects.filter(pk__in=ids).update(geometry=None)
        _announce(model, ids)
        model.objects.filter(pk__in=ids).delete()
        transaction.on_commit(locate_reset)
